import * as esbuild from "esbuild";
import { performance } from "node:perf_hooks";
import { workerBundleOptions } from "@dorm/build";
const root = process.argv[2];
const go = (extra) => esbuild.build({ ...workerBundleOptions(), absWorkingDir: root, entryPoints: { worker: ".dorm/entry.js" }, outdir: root + "/dist", write: false, ...extra });
for (const [name, extra] of [["default", {}], ["nosm", { sourcemap: false }], ["default", {}], ["nosm", { sourcemap: false }]]) {
  for (let i = 0; i < 3; i++) await go(extra);
  const ts = [];
  for (let i = 0; i < 20; i++) { const t0 = performance.now(); await go(extra); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b); console.log(name, ts[10].toFixed(2));
}
