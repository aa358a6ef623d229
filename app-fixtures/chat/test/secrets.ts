// The secrets the chat's tests run with, passed to miniflare in place of .dev.vars (which is
// gitignored): made-up values that open nothing outside a test.
export const TEST_SECRETS = { STAFF_KEY: "test-only-staff-key" } as const;
