import * as esbuild from "esbuild";
import { workerBundleOptions } from "@dorm/build";
const root = process.argv[2];
const r = await esbuild.build({ ...workerBundleOptions(), absWorkingDir: root, entryPoints: { worker: ".dorm/entry.js" }, outdir: root + "/dist", write: false, metafile: true });
const ins = Object.entries(r.metafile.inputs);
console.log("inputs", ins.length, "bytes", ins.reduce((s, [, i]) => s + i.bytes, 0));
for (const [f, i] of ins) console.log(i.bytes, f);
