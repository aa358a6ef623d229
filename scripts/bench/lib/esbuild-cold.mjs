// The plain-esbuild counterpart of a cold `dorm build` process: a Node script that loads only
// esbuild and bundles a hand-written worker. The options arrive as JSON (build.mjs passes
// dorm's workerBundleOptions()) so this process does not load @dorm/build.
// Usage: node esbuild-cold.mjs <root> <entry> <options-json>
import { join, resolve } from "node:path";
import * as esbuild from "esbuild";

const [rootArg, entry, options] = process.argv.slice(2);
const root = resolve(rootArg);
await esbuild.build({ ...JSON.parse(options), absWorkingDir: root, entryPoints: { worker: entry }, outdir: join(root, "dist") });
