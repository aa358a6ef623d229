// The secret the sharded-rooms tests run with, passed to miniflare in place of .dev.vars (which
// is gitignored): a made-up value that opens nothing outside a test.
export const TEST_SECRETS = { ADMIN_KEY: "test-only-admin-key" } as const;
