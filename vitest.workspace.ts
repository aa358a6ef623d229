import { fileURLToPath } from "node:url";
import { defineWorkspace } from "vitest/config";

// Five projects: pure build units (fast), the runtime in real workerd, @dorm/testing,
// @dorm/client, and end-to-end runs of the example apps. Miniflare/workerd instances are heavy,
// so at most two test files run at once. Every project builds the packages first (once per run).
const globalSetup = [fileURLToPath(new URL("./scripts/vitest-global-setup.mjs", import.meta.url))];

export default defineWorkspace([
  {
    test: {
      globalSetup,
      name: "build",
      root: "packages/build",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 60_000,
    },
  },
  {
    test: {
      globalSetup,
      name: "runtime",
      root: "packages/dorm",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  },
  {
    test: {
      globalSetup,
      name: "testing",
      root: "packages/testing",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  },
  {
    test: {
      globalSetup,
      name: "client",
      root: "packages/client",
      include: ["src/**/*.test.ts", "test/**/*.test.ts"],
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  },
  {
    test: {
      globalSetup,
      name: "fixtures",
      include: ["app-fixtures/*/test/**/*.test.ts"],
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  },
]);
