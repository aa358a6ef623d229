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
