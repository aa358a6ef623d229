// Benchmark 1: RPC into dorm's generated Durable Object class vs a hand-written one.
//
// Both workers run in ONE Miniflare instance (one workerd process): `dorm` is the app in
// .apps/rpc built by dorm, `hand` is .apps/rpc-hand bundled by plain esbuild. Each worker's
// /drive route loops `await stub.<method>(…)` N times inside workerd and reports the elapsed
// time; Node times the same request around it as a cross-check.
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { buildApp, miniflareOptions, workerBundleOptions } from "@dorm/build";
import { interleave, median } from "./lib/stats.mjs";

const APPS = new URL("./.apps/", import.meta.url).pathname;
export const DORM_APP = join(APPS, "rpc");
export const HAND_APP = join(APPS, "rpc-hand");

/** Bundle the hand-written worker exactly as dorm bundles workers, minus the dorm plugin. */
export function buildHand(root = HAND_APP) {
  return esbuild.build({ ...workerBundleOptions(), absWorkingDir: root, entryPoints: { worker: "worker.ts" }, outdir: join(root, "dist") });
}

async function handWorkerOptions() {
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(HAND_APP, "wrangler.jsonc"));
  return { ...workerOptions, modules: true, scriptPath: join(HAND_APP, "dist", "worker.js") };
}

/**
 * `storage: "memory"` runs the objects on workerd's in-memory storage (what
 * @cloudflare/vitest-pool-workers uses), `"disk"` on Miniflare's default SQLite files in a
 * temporary folder, where every output-gated write waits for the disk.
 *
 * @param {{ storage: "memory" | "disk", calls: number, rounds: number, warmup: number, methods: string[], log?: (s: string) => void }} options
 */
export async function runRpc({ storage, calls, rounds, warmup, methods, log = () => {} }) {
  const ephemeral = { unsafeEphemeralDurableObjects: storage === "memory" };
  await buildApp(DORM_APP);
  await buildHand();
  const mf = new Miniflare({
    workers: [
      { ...(await miniflareOptions(DORM_APP)), ...ephemeral, name: "dorm" },
      { ...(await handWorkerOptions()), ...ephemeral, name: "hand" },
    ],
  });
  try {
    await mf.ready;
    const workers = { dorm: await mf.getWorker("dorm"), hand: await mf.getWorker("hand") };

    async function drive(side, method, n) {
      const url = `http://bench/drive?method=${method}&n=${n}&name=bench`;
      const t0 = performance.now();
      const response = await workers[side].fetch(url);
      const text = await response.text();
      const wall = performance.now() - t0;
      if (!response.ok) throw new Error(`${side} /drive ${method}: ${response.status} ${text}`);
      const body = JSON.parse(text);
      return { inside: body.ms, wall, last: body.last };
    }

    const results = [];
    for (const method of methods) {
      // Warm-up: creates each object, loads its state and lets V8 optimise both paths.
      await drive("dorm", method, warmup);
      await drive("hand", method, warmup);
      const runs = await interleave(
        rounds,
        async () => drive("dorm", method, calls),
        async () => drive("hand", method, calls),
      );
      const perCall = (list, key) => median(list.map((r) => r[key])) * 1000 / calls; // µs per call
      const row = {
        method,
        storage,
        calls,
        rounds,
        dorm: { insideUs: perCall(runs.a, "inside"), wallUs: perCall(runs.a, "wall"), rawInside: runs.a.map((r) => r.inside), rawWall: runs.a.map((r) => r.wall) },
        hand: { insideUs: perCall(runs.b, "inside"), wallUs: perCall(runs.b, "wall"), rawInside: runs.b.map((r) => r.inside), rawWall: runs.b.map((r) => r.wall) },
      };
      row.ratioInside = row.dorm.insideUs / row.hand.insideUs;
      row.ratioWall = row.dorm.wallUs / row.hand.wallUs;
      log(`  rpc ${method} (${storage}): dorm ${row.dorm.insideUs.toFixed(2)} µs/call, hand ${row.hand.insideUs.toFixed(2)} µs/call, ratio ${row.ratioInside.toFixed(3)}`);
      results.push(row);
    }
    return results;
  } finally {
    await mf.dispose();
  }
}
