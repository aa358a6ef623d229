// What a worker ships: its whole bundle as for workerd, minified (esbuild, no name keeping), and
// that compressed with gzip -9. Deterministic for the same sources and esbuild version, so the
// size-budget test (packages/build/test/size-budget.test.ts) uses it too.
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

/** Where a minified byte came from, by its input file (esbuild's metafile). */
function partOf(file) {
  // dorm's runtime is bundled from its built files (dist/), or its sources with the "source" condition.
  if (/packages\/dorm\/(?:src|dist)\/realtime\//.test(file)) return "realtime";
  if (/packages\/dorm\/(?:src|dist)\//.test(file)) return "runtime";
  if (file.includes("node_modules/")) return "packages";
  return "app";
}

/**
 * Bundle `entry` (relative to `root`) with `options` (dorm's workerBundleOptions()) and measure
 * it: `{ minified, gzip, parts }`, where `parts` splits the minified bytes into runtime,
 * realtime, packages and app.
 */
export async function bundleSize(options, root, entry) {
  const result = await esbuild.build({ ...options, absWorkingDir: root, entryPoints: [entry], write: false, minify: true, sourcemap: false, outdir: "out", metafile: true });
  const code = result.outputFiles.find((f) => f.path.endsWith(".js")).contents;
  const parts = { runtime: 0, realtime: 0, packages: 0, app: 0 };
  const inputs = Object.values(result.metafile.outputs).find((o) => o.entryPoint).inputs;
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) parts[partOf(file)] += bytesInOutput;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, parts };
}
