// Benchmark: cold start. From a new Miniflare (a fresh workerd process that compiles the worker)
// to the first RPC answered, dorm's counter app (.apps/rpc) against the hand-written one
// (.apps/rpc-hand). Each start is its own Miniflare: the time covers starting workerd, loading
// and compiling the bundle, creating the object, loading its state and one increment. The two
// sides alternate, the order rotating each round; medians.
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Miniflare } from "miniflare";
import { buildApp, miniflareOptions } from "@dorm/build";
import { bundleWorker, DORM_APP, HAND_APP } from "./rpc.mjs";
import { interleave, median } from "./lib/stats.mjs";

/** Miniflare options for each side, on in-memory storage (no disk in the timing). */
async function sideOptions() {
  await buildApp(DORM_APP);
  await bundleWorker(HAND_APP, "worker.ts");
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const hand = unstable_getMiniflareWorkerOptions(join(HAND_APP, "wrangler.jsonc")).workerOptions;
  return {
    dorm: { ...(await miniflareOptions(DORM_APP)), unsafeEphemeralDurableObjects: true },
    hand: { ...hand, name: "rpc-hand", modules: true, scriptPath: join(HAND_APP, "dist", "worker.js"), unsafeEphemeralDurableObjects: true },
  };
}

/** One start: ms from `new Miniflare` to the first increment's answer. */
async function start(options) {
  const t0 = performance.now();
  const mf = new Miniflare(options);
  try {
    const response = await mf.dispatchFetch("http://bench/drive?method=increment&n=1&name=cold");
    const body = await response.json();
    if (!response.ok || body.last !== 1) throw new Error(`cold start: unexpected answer ${response.status} ${JSON.stringify(body)}`);
    return performance.now() - t0;
  } finally {
    await mf.dispose();
  }
}

/** @param {{ rounds: number, log?: (s: string) => void }} options */
export async function runColdStart({ rounds, log = () => {} }) {
  const options = await sideOptions();
  // One start each first: the OS caches workerd's binary and the bundles.
  await start(options.dorm);
  await start(options.hand);
  const [dorm, hand] = await interleave(rounds, () => start(options.dorm), () => start(options.hand));
  const result = { rounds, dorm, hand, dormMs: median(dorm), handMs: median(hand) };
  result.ratio = result.dormMs / result.handMs;
  result.ratioPaired = median(dorm.map((d, i) => d / hand[i]));
  log(`  cold start: dorm ${result.dormMs.toFixed(0)} ms, hand ${result.handMs.toFixed(0)} ms, ratio ${result.ratio.toFixed(3)}`);
  return result;
}
