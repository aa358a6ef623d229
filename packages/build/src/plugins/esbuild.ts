import { join, resolve } from "node:path";
import type { Message, PartialMessage, Plugin } from "esbuild";
import { AnalysisCache } from "../analysis-cache.js";
import { generateEntry } from "../codegen/entry.js";
import { BuildError, BuildErrors } from "../errors.js";
import { DORM_DIR, generateOutputs } from "../outputs.js";
import { loadProject, type Project, type ProjectOverrides } from "../project.js";
import { inputFiles } from "../inputs.js";
import { OBJECTS_DIR } from "../scan.js";
import { writeIfChanged } from "../write.js";
import { browserScripts } from "./browser-script.js";
import { moduleRules } from "../module-rules/plugin.js";
import { effectiveRules } from "../module-rules/rules.js";

/** Use as the entry point: `entryPoints: { worker: ENTRY }`. */
export const ENTRY = "dorm:entry";
const NAMESPACE = "dorm-entry";

export interface DormEsbuildOptions {
  /** The app's root (where `app/` is). Default: esbuild's working directory. */
  root?: string;
  /** Write `.dorm/`, `dist/wrangler.json` and the journal after a successful build. Default true. */
  writeOutputs?: boolean;
  /** Called with the project of each successful build and its generated files (the CLI uses it). */
  onProject?: (project: Project, outputs: ReadonlyMap<string, string>) => void;
  /** Options that take precedence over `dorm.config.ts`. */
  overrides?: ProjectOverrides;
  /** A `dorm dev` build, with the status board's instrumentation. Never for deploys. */
  dev?: boolean;
  /**
   * Bundle the test variant: each class gets the hook `@dorm/testing` uses to run alarms and
   * surface errors. Only for tests; the deployable bundle never has it.
   */
  testHooks?: boolean;
  /** Called at the start of every build, before the app is read (`dorm dev` takes a digest of its inputs). */
  beforeLoad?: () => Promise<void> | void;
}

/** BuildErrors as esbuild messages, so esbuild (and editors) show file, line and fix. */
export function toMessages(error: unknown): PartialMessage[] {
  const list = error instanceof BuildErrors ? error.errors : error instanceof BuildError ? [error] : null;
  if (!list) throw error;
  return list.map((e) => ({
    id: e.code,
    text: `[${e.code}] ${e.message}`,
    location: e.location ? { file: e.location.file, line: e.location.line ?? 0, column: Math.max(0, (e.location.column ?? 1) - 1) } : null,
    notes: [{ text: `fix: ${e.fix}` }],
  }));
}

/**
 * The dorm esbuild plugin: provides the generated worker entry (`dorm:entry`) that exports
 * the app's worker and one Durable Object class per file in `app/objects/`.
 *
 * @example
 * await esbuild.build({ entryPoints: { worker: ENTRY }, outdir: "dist", plugins: [dorm()], ...workerBundleOptions() });
 */
export function dorm(options: DormEsbuildOptions = {}): Plugin {
  return {
    name: "dorm",
    setup(build) {
      const root = resolve(options.root ?? build.initialOptions.absWorkingDir ?? process.cwd());
      let project: Project | null = null;
      let outputs: Map<string, string> | null = null;
      // Kept across the rebuilds of one esbuild context (`dorm dev`): unchanged objects are not parsed again.
      const analyses = new AnalysisCache();

      build.onStart(async () => {
        project = null;
        outputs = null;
        await options.beforeLoad?.();
        try {
          const loaded = await loadProject(root, options.overrides, analyses);
          // Generated here, not in onEnd: a config conflict is reported like any other problem.
          outputs = generateOutputs(loaded, { dev: options.dev });
          project = loaded;
        } catch (error) {
          return { errors: toMessages(error) };
        }
        return undefined;
      });

      browserScripts(build);
      const defaults = effectiveRules([]);
      moduleRules(build, () => project?.moduleRules ?? defaults);

      build.onResolve({ filter: /^dorm:entry$/ }, () => ({ path: join(root, DORM_DIR, "entry.js"), namespace: NAMESPACE }));

      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, () => {
        // In watch mode, a new, removed or edited input must start a rebuild, also (above all)
        // after a failed build, when esbuild itself has read none of the object files.
        const watch = { watchDirs: [join(root, OBJECTS_DIR), join(root, "app")], watchFiles: inputFiles(root).map((f) => join(root, f)) };
        // The app's errors were already reported by onStart; an empty entry adds none of its own.
        if (!project) return { contents: "", loader: "js", ...watch };
        return {
          // Resolved from the root: .dorm/ may not exist yet, and nothing is written before the
          // bundle succeeds. The copy written to .dorm/entry.js imports the same files via "..".
          contents: generateEntry(project.manifest, ".", { dev: options.dev, testHooks: options.testHooks }),
          loader: "js",
          resolveDir: root,
          ...watch,
        };
      });

      build.onEnd(async (result) => {
        if (result.errors.length > 0 || !project || !outputs) return;
        options.onProject?.(project, outputs);
        if (options.writeOutputs !== false) await writeIfChanged(root, outputs, [DORM_DIR]);
      });
    },
  };
}

export type { Message };
