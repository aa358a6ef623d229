// The secret the Batcher's tests run with, passed in place of .dev.vars (which is gitignored): a
// made-up value that opens nothing outside a test.
export const TEST_SECRETS = { BATCHER_KEY: "test-only-batcher-key" } as const;
