// Benchmark: what each side ships, min+gzip (lib/size.mjs), for three apps against their
// hand-written (or partyserver) equivalents, and what each optional runtime feature adds.
//   counter    .apps/rpc        vs .apps/rpc-hand          RPC and state
//   raw WS     .apps/raw-ws     vs .apps/raw-ws-hand       fetch, acceptWebSocket, webSocketMessage
//   fan-out    .apps/broadcast  vs .apps/broadcast-party   dorm's realtime protocol vs partyserver
// Sizes are deterministic; budgets.json holds the limits the size-budget test enforces.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildApp, workerBundleOptions } from "@dorm/build";
import { FEATURE_APPS, writeFeatureApps } from "./lib/feature-apps.mjs";
import { bundleSize } from "./lib/size.mjs";

const APPS = new URL("./.apps/", import.meta.url).pathname;
const TMP = new URL("./.tmp/", import.meta.url).pathname;
export const BUDGETS = JSON.parse(readFileSync(new URL("./budgets.json", import.meta.url), "utf8"));

/** The three app pairs, with the targets of issue 13 (ratio of gzip sizes, dorm / other side). */
export const SIZE_PAIRS = [
  { label: "counter (RPC + state)", key: "counter", dorm: "rpc", other: "rpc-hand", otherEntry: "worker.ts", otherLabel: "hand-written", target: 2, budget: BUDGETS.counter },
  { label: "raw WebSocket (echo/broadcast)", key: "rawWebSocket", dorm: "raw-ws", other: "raw-ws-hand", otherEntry: "worker.ts", otherLabel: "hand-written", target: 1.3, budget: BUDGETS.rawWebSocket },
  { label: "fan-out (realtime protocol)", key: "fanOut", dorm: "broadcast", other: "broadcast-party", otherEntry: "worker.ts", otherLabel: "partyserver", target: 1.5 },
];

/** Build a dorm app and measure its generated worker. */
export async function dormSize(root) {
  await buildApp(root);
  return bundleSize(workerBundleOptions(), root, ".dorm/entry.js");
}

export async function runSizes({ log = () => {} } = {}) {
  const pairs = [];
  for (const pair of SIZE_PAIRS) {
    const dorm = await dormSize(join(APPS, pair.dorm));
    const other = await bundleSize(workerBundleOptions(), join(APPS, pair.other), pair.otherEntry);
    const row = { ...pair, dormSize: dorm, otherSize: other, ratio: dorm.gzip / other.gzip };
    log(`  size ${pair.label}: dorm ${dorm.gzip} B gzip, ${pair.otherLabel} ${other.gzip} B, ratio ${row.ratio.toFixed(2)}`);
    pairs.push(row);
  }
  const roots = writeFeatureApps(join(TMP, "features"));
  const apps = {};
  for (const [name, root] of Object.entries(roots)) apps[name] = await dormSize(root);
  const features = Object.entries(FEATURE_APPS)
    .filter(([, app]) => app.parent)
    .map(([name, app]) => ({
      feature: name,
      parent: app.parent,
      minified: apps[name].minified - apps[app.parent].minified,
      gzip: apps[name].gzip - apps[app.parent].gzip,
    }));
  return { pairs, base: apps.counter, features };
}
