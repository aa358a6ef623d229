// Benchmark 2: `dorm build` vs plain esbuild on the same app.
//
// dorm side: `buildApp(root)` (what `dorm build` runs: scan, static analysis, codegen, one
// esbuild bundle, write-if-changed). esbuild side: the hand-written equivalent app bundled by
// `esbuild.build` with the very options dorm uses (`workerBundleOptions()`), written to dist/.
// Warm = in one Node process, after a warm-up build of each; cold = one fresh process per build.
// Rebuild = what a save costs in `dorm dev`: one esbuild context kept across builds, with dorm's
// plugin (it reads the app and regenerates the entry each time), against a kept esbuild context
// of the hand-written app; in memory, nothing written.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as esbuild from "esbuild";
import { buildApp, dorm, ENTRY, generateOutputs, loadProject, workerBundleOptions } from "@dorm/build";
import { bundleWorker } from "./rpc.mjs";
import { writeManyApps } from "./lib/many-apps.mjs";
import { interleave, median } from "./lib/stats.mjs";

const REPO = new URL("../../", import.meta.url).pathname;
const DORM_CLI = join(REPO, "packages/build/bin/dorm.js");
const ESBUILD_NODE = new URL("./lib/esbuild-cold.mjs", import.meta.url).pathname;

async function timed(fn) {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function spawnTimed(command, args, cwd) {
  const t0 = performance.now();
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return ms;
}

/** workerBundleOptions() as esbuild CLI flags, so the native binary bundles the same way. */
function esbuildFlags() {
  const o = workerBundleOptions();
  return [
    "--bundle",
    `--format=${o.format}`,
    `--platform=${o.platform}`,
    `--target=${o.target}`,
    `--conditions=${o.conditions.join(",")}`,
    `--main-fields=${o.mainFields.join(",")}`,
    ...o.external.map((e) => `--external:${e}`),
    `--sourcemap=${o.sourcemap}`,
    `--log-level=${o.logLevel}`,
    `--legal-comments=${o.legalComments}`,
  ];
}

const size = (file) => statSync(file).size;

/**
 * @param {{ label: string, dormRoot: string, handRoot: string, handEntry: string, rounds: number, coldRounds: number, log?: (s: string) => void }} app
 */
export async function runBuild({ label, dormRoot, handRoot, handEntry, rounds, coldRounds, log = () => {} }) {
  // Warm-up: the first dorm build writes .dorm/, dist/ and the journal; later ones change nothing.
  const first = await buildApp(dormRoot);
  await bundleWorker(handRoot, handEntry);
  await buildApp(dormRoot);
  await bundleWorker(handRoot, handEntry);

  // Besides the two builds, two parts of dorm's, to show where its time goes: reading the
  // project (scan, static analysis, config, journal) and bundling the generated entry (which
  // pulls in dorm's runtime) with plain esbuild, in memory.
  const [dormWarm, esbuildWarm, project, entryBundle] = await interleave(
    rounds,
    () => timed(() => buildApp(dormRoot)),
    () => timed(() => bundleWorker(handRoot, handEntry)),
    () => timed(() => loadProject(dormRoot)),
    () =>
      timed(() =>
        esbuild.build({ ...workerBundleOptions(), absWorkingDir: dormRoot, entryPoints: { worker: ".dorm/entry.js" }, outdir: join(dormRoot, "dist"), write: false }),
      ),
  );

  // Rebuilds with a context each side keeps (esbuild caches what did not change).
  const dormContext = await esbuild.context({
    ...workerBundleOptions(),
    absWorkingDir: dormRoot,
    entryPoints: { worker: ENTRY },
    outdir: join(dormRoot, "dist"),
    write: false,
    plugins: [dorm({ root: dormRoot, writeOutputs: false })],
  });
  const handContext = await esbuild.context({ ...workerBundleOptions(), absWorkingDir: handRoot, entryPoints: { worker: handEntry }, outdir: join(handRoot, "dist"), write: false });
  let rebuildDorm, rebuildEsbuild;
  try {
    for (let i = 0; i < 2; i++) await Promise.all([dormContext.rebuild(), handContext.rebuild()]);
    [rebuildDorm, rebuildEsbuild] = await interleave(
      rounds,
      () => timed(() => dormContext.rebuild()),
      () => timed(() => handContext.rebuild()),
    );
  } finally {
    await Promise.all([dormContext.dispose(), handContext.dispose()]);
  }

  // Cold: a new Node process each time (module loading, esbuild service start-up and all).
  const [coldDorm, coldEsbuild] = await interleave(
    coldRounds,
    async () => spawnTimed(process.execPath, [DORM_CLI, "build", "--root", dormRoot], REPO),
    async () => spawnTimed(process.execPath, [ESBUILD_NODE, handRoot, handEntry, JSON.stringify(workerBundleOptions())], REPO),
  );
  const esbuildBin = join(REPO, "node_modules/esbuild/bin/esbuild");
  const coldBinary = [];
  for (let i = 0; i < coldRounds; i++) {
    coldBinary.push(spawnTimed(esbuildBin, [handEntry, ...esbuildFlags(), "--outdir=dist", "--entry-names=worker"], handRoot));
  }

  const row = {
    label,
    objects: first.project.manifest.objects.length,
    rounds,
    coldRounds,
    warm: { dorm: median(dormWarm), esbuild: median(esbuildWarm), rawDorm: dormWarm, rawEsbuild: esbuildWarm },
    parts: { loadProject: median(project), bundleEntry: median(entryBundle) },
    rebuild: { dorm: median(rebuildDorm), esbuild: median(rebuildEsbuild), rawDorm: rebuildDorm, rawEsbuild: rebuildEsbuild },
    cold: { dorm: median(coldDorm), esbuildNode: median(coldEsbuild), esbuildBinary: median(coldBinary), rawDorm: coldDorm, rawEsbuildNode: coldEsbuild },
    bytes: { dorm: size(join(dormRoot, "dist/worker.js")), hand: size(join(handRoot, "dist/worker.js")) },
  };
  row.warm.ratio = row.warm.dorm / row.warm.esbuild;
  row.rebuild.ratio = row.rebuild.dorm / row.rebuild.esbuild;
  row.cold.ratioNode = row.cold.dorm / row.cold.esbuildNode;
  row.cold.ratioBinary = row.cold.dorm / row.cold.esbuildBinary;
  log(`  build ${label}: warm dorm ${row.warm.dorm.toFixed(1)} ms, esbuild ${row.warm.esbuild.toFixed(1)} ms, ratio ${row.warm.ratio.toFixed(2)}; rebuild ${row.rebuild.dorm.toFixed(1)} / ${row.rebuild.esbuild.toFixed(1)} ms`);
  return row;
}

/**
 * What dorm adds before esbuild runs, at scale: scanning, analysing and generating the code of
 * `objects` objects (`loadProject` and `generateOutputs`, all of a build but the bundle and the
 * writes), against esbuild bundling the very entry it generates (the same objects, plus the
 * runtime), in memory. Warm, interleaved, medians.
 *
 * @param {{ dir: string, objects: number, rounds: number, log?: (s: string) => void }} options
 */
export async function runScale({ dir, objects, rounds, log = () => {} }) {
  const names = Array.from({ length: objects }, (_, i) => `object${String(i).padStart(4, "0")}`);
  const { dorm } = writeManyApps(dir, names);
  await buildApp(dorm);
  const bundle = () =>
    esbuild.build({ ...workerBundleOptions(), absWorkingDir: dorm, entryPoints: { worker: ".dorm/entry.js" }, outdir: join(dorm, "dist"), write: false });
  const codegen = async () => generateOutputs(await loadProject(dorm));
  await codegen();
  await bundle();
  const [ours, theirs] = await interleave(
    rounds,
    () => timed(codegen),
    () => timed(bundle),
  );
  const row = { objects, rounds, dormMs: median(ours), esbuildMs: median(theirs), rawDorm: ours, rawEsbuild: theirs };
  row.ratio = row.dormMs / row.esbuildMs;
  log(`  ${objects} objects: scan + analysis + codegen ${row.dormMs.toFixed(0)} ms, esbuild bundle ${row.esbuildMs.toFixed(0)} ms, ratio ${row.ratio.toFixed(3)}`);
  return row;
}
