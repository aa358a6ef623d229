// What one producer may send and how much a batch may hold: the Batcher stores what anyone with
// the key sends, so both are bounded. The test imports these (a plain module, no dorm).

/** Bytes of one request's body; a larger one gets 413 and nothing is stored. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Requests waiting in one batch; the next gets 429 until the alarm has sent them. */
export const MAX_BATCH = 1_000;

/** How long a batch collects requests before the alarm sends it, unless BATCH_SECONDS says otherwise. */
export const BATCH_MS = 10_000;

/** How long the alarm waits for the upstream service before this attempt fails (and is retried). */
export const UPSTREAM_TIMEOUT_MS = 10_000;

/**
 * The batch window: the BATCH_SECONDS var (wrangler.jsonc) when it is a positive number, else
 * BATCH_MS. The tests set an hour, so that only their own runAlarms() sends a batch.
 */
export function batchMs(env: { BATCH_SECONDS?: string | undefined }): number {
  const seconds = Number(env.BATCH_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : BATCH_MS;
}
