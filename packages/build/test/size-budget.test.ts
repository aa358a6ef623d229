import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import budgets from "../../../scripts/bench/budgets.json" with { type: "json" };
import { bundleSize } from "../../../scripts/bench/lib/size.mjs";
import { buildApp } from "../src/build.js";
import { workerBundleOptions } from "../src/bundle-options.js";

// What a dorm worker ships, min+gzip, for two of the benchmark apps (scripts/bench/.apps): the
// counter (RPC and state) and the raw-WebSocket echo room. Sizes are deterministic for the same
// sources and esbuild, so a change that makes either app heavier than its budget fails here.
const APPS = fileURLToPath(new URL("../../../scripts/bench/.apps/", import.meta.url));

describe("size budget: min+gzip of the whole worker (scripts/bench/budgets.json)", () => {
  it.each([
    ["counter", "rpc"],
    ["rawWebSocket", "raw-ws"],
  ] as const)("the %s app stays within its budget", async (budget, app) => {
    const root = join(APPS, app);
    await buildApp(root);
    const size = await bundleSize(workerBundleOptions(), root, ".dorm/entry.js");
    expect(size.gzip, `${app}: ${size.minified} B minified, ${size.gzip} B gzip; the budget is ${budgets[budget]} B gzip`).toBeLessThanOrEqual(budgets[budget]);
    // Nor a first use of Intl, which loads ICU's data in workerd: 20 ms of cold start (dorm's digits.ts).
    expect(readFileSync(join(root, "dist/worker.js"), "utf8")).not.toMatch(/toLocale\w*String|\bIntl\.|localeCompare/);
  });
});
