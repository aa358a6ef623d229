// One definition of each platform limit dorm checks. Local workerd does not enforce all of
// them, so dorm does: an app that passes locally must not fail on Cloudflare for these reasons.
// Source: developers.cloudflare.com/durable-objects/platform/limits (checked for workerd
// 1.20260426). "MB" there is read as 10^6 bytes, the smaller reading.

/** Tags per hibernatable WebSocket. */
export const MAX_TAGS_PER_SOCKET = 10;
/** Characters per tag. */
export const MAX_TAG_LENGTH = 256;
/** Keys per batch get/put/delete. */
export const MAX_BATCH_KEYS = 128;

/**
 * Bytes (UTF-8) of an object's name. A longer name still reaches an object, but the platform
 * drops it from the id (`ctx.id.name` is undefined), so a check on `ctx.name` would see the hex
 * id instead: dorm refuses the name where it enters (`get`, `getByName`, `idFromName`, the router).
 */
export const MAX_NAME_BYTES = 1024;

/**
 * Alarm times (epoch ms) are below this: the platform refuses dates after 2189, and dorm refuses
 * them before anything is written (`ctx.setAlarm`, `ctx.schedule`, `ctx.scheduleEvery`).
 */
export const MAX_ALARM_TIME = /* @__PURE__ */ Date.UTC(2189, 0, 1);

/** KV-backed objects: bytes per storage key (UTF-8). */
export const MAX_KEY_BYTES = 2048;
/** KV-backed objects: bytes per stored value, as V8 serializes it. */
export const MAX_VALUE_BYTES = 128 * 1024;
/** SQLite-backed objects: key (UTF-8) and serialized value together, in bytes. */
export const MAX_SQLITE_ENTRY_BYTES = 2_000_000;

/**
 * Levels of nesting in a stored value (state, storage values). V8's serializer is recursive and
 * runs out of stack a few thousand levels down, with a bare RangeError; dorm refuses deeper values
 * before anything is written, at a depth no real data reaches.
 */
export const MAX_VALUE_DEPTH = 1000;

/** SQL: bytes in one string or BLOB, and in one table row. */
export const MAX_SQL_VALUE_BYTES = 2_000_000;
/** SQL: bytes in one statement's text (UTF-8). */
export const MAX_SQL_STATEMENT_BYTES = 100_000;
/** SQL: bound parameters per query. */
export const MAX_SQL_PARAMETERS = 100;

/**
 * Shards in one sharded set (`shard(key, { shards })`, `shards(n)`, `federate`). Not a platform
 * limit: it catches a wrong count before `shards(n)` builds n stubs and a fan-out makes n calls.
 * No key's shard depends on it, so raising it later moves nothing.
 */
export const MAX_SHARDS = 65_536;

/** Bytes a hibernatable WebSocket's attachment may take once serialized (workerd enforces it too). */
export const MAX_ATTACHMENT_BYTES = 16_384;
/**
 * Bytes of one WebSocket message a Worker may receive, as Cloudflare documents it; a larger one
 * closes the socket with 1009. `realtime.maxMessageBytes` cannot go above it.
 */
export const MAX_MESSAGE_BYTES = 1_048_576;

// dorm's own defaults for realtime connections (see docs/realtime.md); each is configurable.

/** Default for `realtime.maxMessageBytes`: larger frames get an error frame, not a handler call. */
export const DEFAULT_MAX_MESSAGE_BYTES = 65_536;
/** Default for `realtime.rateLimit`: a token bucket per connection. */
export const DEFAULT_RATE_LIMIT = { burst: 60, perSecond: 20 } as const;
/** Characters per topic name (`conn.subscribe(topic)`). */
export const MAX_TOPIC_LENGTH = 256;
