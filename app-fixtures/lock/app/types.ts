// Shapes shared by the objects, the worker and the tests (plain types: no runtime imports).

/** A lease on one named lock. `token` only ever grows: it is the fencing token. */
export interface LockState {
  holder: string | null;
  token: number;
  expiresAt: number | null;
  /** The current grant's secret: only its holder has it (renew, release and writes need it). */
  lease: string | null;
}

/** What a grant gives its holder, and only its holder: the fencing token and the lease secret. */
export type Acquired =
  | { acquired: true; token: number; lease: string; expiresAt: number }
  | { acquired: false; holder: string; expiresAt: number };

/** What anyone allowed to ask may see of a lock: who holds it and until when, never its token or lease. */
export interface LockStatus {
  holder: string | null;
  expiresAt: number | null;
}

export interface LedgerState {
  /** The largest fencing token seen so far: anything smaller comes from a lost lease. */
  highestToken: number;
  /** Who is inside the critical section now; two at once would mean the lock failed. */
  inside: { holder: string; token: number } | null;
  entries: { holder: string; token: number; value: string }[];
  overlaps: number;
}
