import { defineWorkspace } from "vitest/config";

// Seven projects: pure build units (fast), the runtime in real workerd, @dorm/testing,
// @dorm/client, end-to-end runs of the example apps, the abuse suite (one file per finding of
// the outside security review: test/abuse/NN-*.test.ts, numbered as in issue 12, each of which
// failed before its fix), and the types' tests that need more than tsc (test/types/*.test.ts:
// the editor's quick info, the published declarations). Miniflare/workerd instances are heavy, so at most two test files run at once.
export default defineWorkspace([
  {
    test: {
      name: "build",
      root: "packages/build",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 60_000,
    },
  },
  {
    test: {
      name: "runtime",
      root: "packages/dorm",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  },
  {
    test: {
      name: "testing",
      root: "packages/testing",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  },
  {
    test: {
      name: "client",
      root: "packages/client",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  },
  {
    test: {
      name: "abuse",
      include: ["test/abuse/**/*.test.ts"],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  },
  {
    test: {
      name: "types",
      include: ["test/types/**/*.test.ts"],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  },
  {
    test: {
      name: "fixtures",
      include: ["app-fixtures/*/test/**/*.test.ts"],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  },
]);
