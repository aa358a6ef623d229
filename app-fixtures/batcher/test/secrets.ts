// The secret the Batcher's tests run with, passed in place of .dev.vars (which is gitignored): a
// made-up value that opens nothing outside a test. And a batch window of an hour, so that no
// alarm fires by itself however slowly a loaded machine sends a test's requests: each test sends
// its batches with runAlarms().
export const TEST_SECRETS = { BATCHER_KEY: "test-only-batcher-key", BATCH_SECONDS: "3600" } as const;
