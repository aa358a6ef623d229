// Shapes shared by the objects, the worker and the tests (plain types: no runtime imports).

/** A lease on one named lock. `token` only ever grows: it is the fencing token. */
export interface LockState {
  holder: string | null;
  token: number;
  expiresAt: number | null;
}

export type Acquired =
  | { acquired: true; token: number; expiresAt: number }
  | { acquired: false; holder: string; expiresAt: number };

export interface LedgerState {
  /** The largest fencing token seen so far: anything smaller comes from a lost lease. */
  highestToken: number;
  /** Who is inside the critical section now; two at once would mean the lock failed. */
  inside: { holder: string; token: number } | null;
  entries: { holder: string; token: number; value: string }[];
  overlaps: number;
}
