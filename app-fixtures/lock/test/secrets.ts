// The secret the lock's tests run with, passed in place of .dev.vars (which is gitignored): a
// made-up value that opens nothing outside a test.
export const TEST_SECRETS = { LOCK_API_KEY: "test-only-lock-api-key" } as const;
