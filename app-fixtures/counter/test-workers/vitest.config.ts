import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Tests that run inside workerd (vitest 4 and @cloudflare/vitest-pool-workers; in CI, the current
// lane: scripts/lanes/packed-install.mjs --workers-pool). After `dorm build`, the pool runs the
// config dorm generates for bundlers, whose main is the generated entry; the entry is loaded
// first so that `durableObjects` from @dorm/testing/workers knows the app's objects.
export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: "./.dorm/wrangler.json" } })],
  test: { include: ["test-workers/**/*.test.ts"], setupFiles: ["./.dorm/entry.js"] },
});
