// The API's quotas (plain data: the tests read them too).

/** A caller with an API key we issued: per key. */
export const KEYED_LIMIT = { limit: 100, windowMs: 60 * 60 * 1000 };
/** Everyone else: per address (CF-Connecting-IP). */
export const ANONYMOUS_LIMIT = { limit: 20, windowMs: 60 * 60 * 1000 };
