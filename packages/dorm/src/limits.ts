// One definition of each platform limit dorm checks. Local workerd does not enforce all of
// them, so dorm does: an app that passes locally must not fail on Cloudflare for these reasons.

/** Tags per hibernatable WebSocket. */
export const MAX_TAGS_PER_SOCKET = 10;
/** Characters per tag. */
export const MAX_TAG_LENGTH = 256;
/** Bytes per storage key (UTF-8). */
export const MAX_KEY_BYTES = 2048;
/** Keys per batch get/put/delete. */
export const MAX_BATCH_KEYS = 128;

/**
 * Shards in one sharded set (`shard(key, { shards })`, `shards(n)`, `federate`). Not a platform
 * limit: it catches a wrong count before `shards(n)` builds n stubs and a fan-out makes n calls.
 * No key's shard depends on it, so raising it later moves nothing.
 */
export const MAX_SHARDS = 65_536;
