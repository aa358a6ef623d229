// The secrets the rate limiter's tests run with, passed to miniflare in place of .dev.vars (which
// is gitignored): made-up keys that open nothing outside a test.
export const ISSUED_KEYS = ["test-key-alpha", "test-key-beta"] as const;
export const TEST_SECRETS = { API_KEYS: ISSUED_KEYS.join(",") };
