import { dirname, join, resolve } from "node:path";
import * as esbuild from "esbuild";
import { appBuildOptions, fromEsbuild, fromRoot } from "./build.js";
import { TEST_BUNDLE_FILE } from "./outputs.js";
import type { Project } from "./project.js";
import { writeIfChanged } from "./write.js";

export interface TestBundle {
  readonly project: Project;
  /** The bundle, relative to the root: `TEST_BUNDLE_FILE`. */
  readonly bundle: string;
}

/**
 * Bundle the app's test variant to `.wrangler/dorm-test/worker.js`: the same worker, plus the
 * hook `@dorm/testing` drives (`__dormTest` on every class: run pending alarms, call a method and
 * get its error back as data). Writes nothing else; run `buildApp` first for the config.
 */
export async function buildTestBundle(rootDir: string): Promise<TestBundle> {
  const root = resolve(rootDir);
  let project: Project | null = null;
  let result: esbuild.BuildResult<{ write: false }>;
  const outdir = join(root, dirname(TEST_BUNDLE_FILE));
  try {
    result = await esbuild.build(appBuildOptions(root, { testHooks: true, onProject: (p) => (project = p) }, outdir));
  } catch (error) {
    throw fromEsbuild(error, root);
  }
  if (!project) throw new Error("dorm: esbuild finished without reading the app");
  const files = new Map(result.outputFiles.map((f) => [fromRoot(root, f.path), f.contents] as const));
  if (!files.has(TEST_BUNDLE_FILE)) throw new Error(`dorm: esbuild did not produce ${TEST_BUNDLE_FILE}`);
  await writeIfChanged(root, files);
  return { project, bundle: TEST_BUNDLE_FILE };
}
