import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import * as esbuild from "esbuild";
import { bundleHint, installCommand, type HintContext } from "./bundle-hints.js";
import { outputOptions, workerBundleOptions, type OutputOptions } from "./bundle-options.js";
import { CONFIG_FILES, readUserConfig } from "./config.js";
import { BuildError, BuildErrors } from "./errors.js";
import { MODULES_DIR } from "./module-rules/plugin.js";
import { BUNDLE_FILE, DORM_DIR, OUT_DIR } from "./outputs.js";
import { dorm, ENTRY, type DormEsbuildOptions } from "./plugins/esbuild.js";
import type { Project, ProjectOverrides } from "./project.js";
import { writeIfChanged, type WriteReport } from "./write.js";

export interface BuildResult extends WriteReport {
  readonly project: Project;
}

/** A path as the outputs and messages name it: relative to the app root, posix separators. */
export function fromRoot(root: string, path: string): string {
  return relative(root, resolve(root, path)).split("\\").join("/");
}

export function fromEsbuild(error: unknown, root: string): BuildErrors {
  const failure = error as esbuild.BuildFailure;
  if (!Array.isArray(failure?.errors)) throw error;
  let context: HintContext | undefined;
  const hints = () => (context ??= { configFile: CONFIG_FILES.find((f) => existsSync(join(root, f))) ?? null, install: installCommand(root) });
  return new BuildErrors(
    failure.errors.map((m) => {
      // esbuild drops a plugin message's id; dorm's own messages carry their code in the text.
      const own = /^\[(DORM_[A-Z_]+)\] /.exec(m.text);
      const hint = own ? null : bundleHint(m.text, m.notes.map((n) => n.text), hints());
      const code = own?.[1] ?? hint?.code ?? "DORM_BUNDLE_FAILED";
      const fix = m.notes.find((n) => n.text.startsWith("fix: "))?.text.slice(5) ?? hint?.fix ?? "fix the problem in the file named above.";
      const text = own ? m.text.slice(own[0].length) : m.text;
      const file = m.location?.file ? fromRoot(root, m.location.file) : undefined;
      return new BuildError(code, text, fix, file ? { file, line: m.location?.line || undefined, column: m.location ? m.location.column + 1 : undefined } : undefined);
    }),
  );
}

/**
 * Build the app at `root`: `.dorm/` (entry, types), `dist/worker.js`, `dist/wrangler.json`, the
 * redirect in `.wrangler/deploy/`, and the journal when the history grows. Everything is
 * computed first and written last, so a failed build leaves no partial output.
 */
export async function buildApp(rootDir: string, overrides: ProjectOverrides = {}): Promise<BuildResult> {
  const root = resolve(rootDir);
  let built: { project: Project; outputs: ReadonlyMap<string, string> } | null = null;
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    const options = appBuildOptions(root, { onProject: (project, outputs) => (built = { project, outputs }), overrides }, undefined, productionOutput(root));
    result = await esbuild.build(options);
  } catch (error) {
    throw fromEsbuild(error, root);
  }
  if (!built) throw new Error("dorm: esbuild finished without reading the app");
  const { project, outputs } = built;
  return { project, ...(await writeBuild(root, outputs, result.outputFiles)) };
}

/** Write one build's files: the generated outputs and esbuild's bundle, together, last. */
export function writeBuild(root: string, outputs: ReadonlyMap<string, string>, bundle: readonly esbuild.OutputFile[]): Promise<WriteReport> {
  const files = new Map<string, string | Uint8Array>(outputs);
  for (const output of bundle) files.set(fromRoot(root, output.path), output.contents);
  if (!files.has(BUNDLE_FILE)) throw new Error(`dorm: esbuild did not produce ${BUNDLE_FILE}`);
  return writeIfChanged(root, files, [DORM_DIR, `${OUT_DIR}/${MODULES_DIR}`]);
}

/**
 * What `dorm build` takes from the wrangler config for the bundle (`minify`, `keep_names`). A
 * config that does not parse is reported by the build itself, with its file and line.
 */
function productionOutput(root: string): OutputOptions {
  try {
    return outputOptions(readUserConfig(root).config);
  } catch {
    return {};
  }
}

/** The esbuild options of a dorm app build (shared by `dorm build`, `dorm dev` and `@dorm/testing`). */
export function appBuildOptions(
  root: string,
  plugin: Omit<DormEsbuildOptions, "root" | "writeOutputs">,
  outdir: string = resolve(root, "dist"),
  output: OutputOptions = {},
): esbuild.BuildOptions & { write: false } {
  return {
    ...workerBundleOptions(output),
    absWorkingDir: root,
    entryPoints: { worker: ENTRY },
    outdir,
    write: false,
    plugins: [dorm({ ...plugin, root, writeOutputs: false })],
  };
}
