import { defineWorkspace } from "vitest/config";

// Eight projects: pure build units (fast), the runtime in real workerd, @dorm/testing,
// @dorm/client, the abuse suite: one file per finding of the outside security review
// (test/abuse/NN-*.test.ts, numbered as in issue 12), each of which failed before its fix, the
// types' tests that need more than tsc (test/types/*.test.ts: the editor's quick info, the
// published declarations), end-to-end runs of the example apps, and the pages in Chromium.
// Miniflare/workerd instances are heavy, so at most two test files run at once; browser tests
// (*.browser.test.ts) run one file at a time, so that only one Chromium runs.
const BROWSER_TESTS = ["packages/build/test/**/*.browser.test.ts", "app-fixtures/*/test/**/*.browser.test.ts"];
export default defineWorkspace([
  {
    test: {
      name: "build",
      root: "packages/build",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      exclude: ["**/*.browser.test.ts", "**/node_modules/**"],
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
      exclude: ["**/*.browser.test.ts", "**/node_modules/**"],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  },
  {
    test: {
      name: "browser",
      include: BROWSER_TESTS,
      testTimeout: 120_000,
      hookTimeout: 120_000,
      pool: "forks",
      poolOptions: { forks: { singleFork: true } },
    },
  },
]);
