// What one producer may send and how much a batch may hold: the Batcher stores what anyone with
// the key sends, so both are bounded. The test imports these (a plain module, no dorm).

/** Bytes of one request's body; a larger one gets 413 and nothing is stored. */
export const MAX_BODY_BYTES = 16 * 1024;

/** Requests waiting in one batch; the next gets 429 until the alarm has sent them. */
export const MAX_BATCH = 1_000;

/** How long a batch collects requests before the alarm sends it. */
export const BATCH_MS = 10_000;
