// Benchmark 1: RPC into dorm's generated Durable Object class vs a hand-written one.
//
// One worker, one isolate, one workerd process holds both classes (.apps/rpc-both): `Counter`
// as `dorm build` generated it (.apps/rpc) and `HandCounter` written by hand (.apps/rpc-hand).
// Each side's /drive route loops `await stub.<method>(…)` N times inside workerd and reports
// the elapsed time; Node also times the whole request, as a cross-check. A third side,
// `control`, is a second object of the hand-written class: hand vs control is an A/A
// comparison that shows how far the ratios move on this machine when nothing differs.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { buildApp, miniflareOptions, workerBundleOptions } from "@dorm/build";
import { interleave, median } from "./lib/stats.mjs";

const APPS = new URL("./.apps/", import.meta.url).pathname;
export const DORM_APP = join(APPS, "rpc");
export const HAND_APP = join(APPS, "rpc-hand");
const BOTH_APP = join(APPS, "rpc-both");

/** Bundle a hand-written worker exactly as dorm bundles workers, minus the dorm plugin. */
export function bundleWorker(root, entry) {
  return esbuild.build({ ...workerBundleOptions(), absWorkingDir: root, entryPoints: { worker: entry }, outdir: join(root, "dist") });
}

/**
 * The duel's second class: the hand-written class's source with only its name (and its binding's)
 * changed, and the one relative import moved to where the copy lives.
 */
function writeTwin() {
  const source = readFileSync(join(HAND_APP, "worker.ts"), "utf8");
  const renames = [
    [/HandCounter/g, "TwinCounter"],
    [/HAND_COUNTER/g, "TWIN_COUNTER"],
    [/"\.\.\/shared\/drive\.ts"/g, '"../../shared/drive.ts"'],
  ];
  let twin = source;
  for (const [from, to] of renames) {
    if (!from.test(twin)) throw new Error(`rpc bench: ${from} is no longer in ${HAND_APP}/worker.ts; update writeTwin`);
    twin = twin.replace(from, to);
  }
  mkdirSync(join(BOTH_APP, ".tmp"), { recursive: true });
  writeFileSync(join(BOTH_APP, ".tmp", "twin.ts"), twin);
}

/** dorm builds its app; the combined worker re-bundles that output with the hand-written side and its twin. */
async function buildBoth() {
  await buildApp(DORM_APP);
  writeTwin();
  await bundleWorker(BOTH_APP, "worker.js");
}

/**
 * The dorm app's Miniflare options (from its generated dist/wrangler.json, read by wrangler),
 * pointed at the combined bundle, plus the hand-written app's Durable Object binding (from its
 * wrangler.jsonc, read by wrangler too). Both classes are SQLite-backed (`new_sqlite_classes`).
 */
async function bothWorkerOptions(storage) {
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const hand = unstable_getMiniflareWorkerOptions(join(HAND_APP, "wrangler.jsonc")).workerOptions;
  const options = await miniflareOptions(DORM_APP);
  return {
    ...options,
    name: "rpc-both",
    scriptPath: join(BOTH_APP, "dist", "worker.js"),
    // The bundle's modules are read from its own folder (the dorm app's options name the dorm app's).
    modulesRoot: join(BOTH_APP, "dist"),
    durableObjects: { ...options.durableObjects, ...hand.durableObjects, TWIN_COUNTER: { ...hand.durableObjects.HAND_COUNTER, className: "TwinCounter" } },
    unsafeEphemeralDurableObjects: storage === "memory",
  };
}

/**
 * `storage: "memory"` runs the objects on workerd's in-memory storage (as
 * @cloudflare/vitest-pool-workers does), `"disk"` on Miniflare's default SQLite files in a
 * temporary folder, where every output-gated write waits for the disk.
 *
 * After the rounds, a duel: both sides in one request, alternating batches of `batch` calls
 * inside workerd (`calls` per side in all), the view least disturbed by a busy machine.
 *
 * @param {{ storage: "memory" | "disk", calls: number, rounds: number, warmup: number, batch: number, methods: string[], log?: (s: string) => void }} options
 */
export async function runRpc({ storage, calls, rounds, warmup, batch, methods, log = () => {} }) {
  await buildBoth();
  const mf = new Miniflare(await bothWorkerOptions(storage));
  try {
    await mf.ready;

    async function drive(side, method, n) {
      const [worker, name] = side === "control" ? ["hand", "bench-control"] : [side, "bench"];
      const url = `http://bench/drive?side=${worker}&method=${method}&n=${n}&name=${name}`;
      const t0 = performance.now();
      const response = await mf.dispatchFetch(url);
      const text = await response.text();
      const wall = performance.now() - t0;
      if (!response.ok) throw new Error(`${side} /drive ${method}: ${response.status} ${text}`);
      const body = JSON.parse(text);
      if (body.calls !== n) throw new Error(`${side} /drive ${method}: made ${body.calls} calls, expected ${n}`);
      return { inside: body.ms, wall, last: body.last };
    }

    const results = [];
    for (const method of methods) {
      // Warm-up: creates each object, loads its state and lets V8 optimise both paths.
      await drive("dorm", method, warmup);
      await drive("hand", method, warmup);
      await drive("control", method, warmup);
      const [dormRuns, handRuns, controlRuns] = await interleave(
        rounds,
        () => drive("dorm", method, calls),
        () => drive("hand", method, calls),
        () => drive("control", method, calls),
      );
      const usPerCall = (ms) => (ms * 1000) / calls;
      const side = (list) => ({
        inside: list.map((r) => r.inside),
        wall: list.map((r) => r.wall),
        insideUs: usPerCall(median(list.map((r) => r.inside))),
        wallUs: usPerCall(median(list.map((r) => r.wall))),
        bestUs: usPerCall(Math.min(...list.map((r) => r.inside))),
      });
      const dorm = side(dormRuns);
      const hand = side(handRuns);
      const control = side(controlRuns);
      const duelResponse = await mf.dispatchFetch(`http://bench/duel?method=${method}&n=${calls}&batch=${batch}&name=bench`);
      if (!duelResponse.ok) throw new Error(`/duel ${method}: ${duelResponse.status} ${await duelResponse.text()}`);
      const times = await duelResponse.json();
      const sum = (list) => list.reduce((a, b) => a + b, 0);
      const duel = {
        batch,
        batches: times.dorm.length,
        dorm: times.dorm,
        hand: times.hand,
        dormUs: (sum(times.dorm) * 1000) / (batch * times.dorm.length),
        handUs: (sum(times.hand) * 1000) / (batch * times.hand.length),
        ratioTotal: sum(times.dorm) / sum(times.hand),
        // Medians: one batch stalled by the machine (a GC, another process) moves a total a lot.
        ratioMedian: median(times.dorm) / median(times.hand),
        ratioPaired: median(times.dorm.map((d, i) => d / times.hand[i])),
        control: times.control,
        controlMedian: median(times.control) / median(times.hand),
        controlPaired: median(times.control.map((c, i) => c / times.hand[i])),
        twin: times.twin,
        twinMedian: median(times.twin) / median(times.hand),
      };
      const row = {
        method,
        storage,
        calls,
        rounds,
        dorm,
        hand,
        control,
        // Ratios of the medians, the median of the per-round (adjacent-in-time) ratios, and
        // the ratio of the best rounds: three views that disagree when the machine is noisy.
        ratio: dorm.insideUs / hand.insideUs,
        ratioWall: dorm.wallUs / hand.wallUs,
        ratioPaired: median(dormRuns.map((r, i) => r.inside / handRuns[i].inside)),
        ratioBest: dorm.bestUs / hand.bestUs,
        controlRatio: control.insideUs / hand.insideUs,
        controlPaired: median(controlRuns.map((r, i) => r.inside / handRuns[i].inside)),
        duel,
      };
      log(`  rpc ${method} (${storage}): dorm ${dorm.insideUs.toFixed(2)} µs/call, hand ${hand.insideUs.toFixed(2)} µs/call, ratio ${row.ratio.toFixed(3)} (A/A ${row.controlRatio.toFixed(3)}); duel ${duel.ratioMedian.toFixed(3)} (A/A ${duel.controlMedian.toFixed(3)}, twin ${duel.twinMedian.toFixed(3)})`);
      results.push(row);
    }
    return results;
  } finally {
    await mf.dispose();
  }
}
