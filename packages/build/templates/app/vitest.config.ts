import { defineConfig } from "vitest/config";

// Tests start the app on local workerd (through @dorm/testing): give them time to boot.
export default defineConfig({
  test: { include: ["test/**/*.test.ts"], testTimeout: 60_000, hookTimeout: 60_000 },
});
