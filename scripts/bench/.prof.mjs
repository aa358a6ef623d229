import { performance } from "node:perf_hooks";
import * as esbuild from "esbuild";
import { join } from "node:path";
import { buildApp, loadProject, generateOutputs, workerBundleOptions } from "@dorm/build";
const root = process.argv[2];
const hand = process.argv[3];
const t = async (f) => { const t0 = performance.now(); await f(); return performance.now() - t0; };
for (let i = 0; i < 5; i++) await buildApp(root);
const rows = { build: [], load: [], gen: [], bundleEntry: [], hand: [] };
for (let i = 0; i < 30; i++) {
  rows.build.push(await t(() => buildApp(root)));
  rows.load.push(await t(() => loadProject(root)));
  const p = await loadProject(root);
  rows.gen.push(await t(() => generateOutputs(p)));
  rows.bundleEntry.push(await t(() => esbuild.build({ ...workerBundleOptions(), absWorkingDir: root, entryPoints: { worker: ".dorm/entry.js" }, outdir: join(root, "dist"), write: false })));
  rows.hand.push(await t(() => esbuild.build({ ...workerBundleOptions(), absWorkingDir: hand, entryPoints: { worker: "worker.ts" }, outdir: join(hand, "dist"), write: true })));
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1].toFixed(2);
for (const [k, v] of Object.entries(rows)) console.log(k, med(v));
