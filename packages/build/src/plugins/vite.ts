import { readFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { Logger, Plugin, ResolvedConfig, ViteDevServer } from "vite";
import { AnalysisCache } from "../analysis-cache.js";
import { BuildError, BuildErrors } from "../errors.js";
import { inputFiles, inputsDigest } from "../inputs.js";
import { describeStep } from "../migrations/describe.js";
import { JOURNAL_FILE } from "../migrations/types.js";
import { DORM_DIR, ENTRY_FILE, generateOutputs, TYPES_FILE, VITE_CONFIG_FILE } from "../outputs.js";
import { loadProject, type Project, type ProjectOverrides } from "../project.js";
import { isObjectFile, OBJECTS_DIR } from "../scan.js";
import { writeIfChanged } from "../write.js";
import { viteInspector, VITE_DEV_TOKEN, withDevToken } from "../inspector/vite.js";

/**
 * The config to give `@cloudflare/vite-plugin`, relative to the Vite root:
 * `cloudflare({ configPath: cloudflareConfigPath })`. dorm writes it from the app's own wrangler
 * config, with `main` set to the generated entry and the bindings and migrations of app/objects/.
 */
export const cloudflareConfigPath = VITE_CONFIG_FILE;

/** A source file of the app's own (not a dependency, not generated output). */
function isAppCode(file: string): boolean {
  return /\.(?:[cm]?[jt]s|[jt]sx)$/.test(file) && !file.startsWith("..") && !/(?:^|\/)(?:node_modules|\.dorm|dist|\.wrangler)\//.test(file);
}

/** The name `@cloudflare/vite-plugin` registers its main plugin under (1.x). */
const CLOUDFLARE_PLUGIN = "vite-plugin-cloudflare";

/** What the Vite build writes: `.dorm/` and the journal. dist/ and the redirect are the Cloudflare plugin's. */
const VITE_OUTPUTS: readonly string[] = [ENTRY_FILE, TYPES_FILE, VITE_CONFIG_FILE, JOURNAL_FILE];

export interface DormViteOptions {
  /** The app's root (where `app/` is). Default: Vite's `root`. */
  root?: string;
  /** Options that take precedence over `dorm.config.ts`. */
  overrides?: ProjectOverrides;
  /**
   * The worker's Vite environment, when the Cloudflare plugin's `viteEnvironment.name` renames it.
   * Default: the worker's name with `-` as `_`, as the Cloudflare plugin names it.
   */
  environment?: string;
}

/** Build problems with file, line and fix; anything else by its message. */
function problems(error: unknown): string {
  if (error instanceof BuildErrors) return error.errors.map((e) => e.format()).join("\n\n");
  if (error instanceof BuildError) return error.format();
  return error instanceof Error ? error.message : String(error);
}

/**
 * Analyze an object file as it is once it stops changing: an editor that saves in place
 * truncates first, and the change event can arrive before the content does.
 */
async function analyzeSettled(root: string, file: string, analyses: AnalysisCache): Promise<object> {
  let source = await readFile(join(root, file), "utf8");
  for (;;) {
    let analysis: object | undefined;
    let failure: unknown;
    try {
      analysis = analyses.analyze(file, source);
    } catch (error) {
      failure = error;
    }
    const now = await readFile(join(root, file), "utf8");
    if (now === source) {
      if (analysis) return analysis;
      throw failure;
    }
    source = now;
  }
}

/**
 * The dorm Vite plugin, beside `@cloudflare/vite-plugin`: generates the worker entry (one
 * Durable Object class per file in `app/objects/`), `.dorm/env.d.ts`, and the wrangler config the
 * Cloudflare plugin reads, with the bindings and the migration history.
 *
 * In `vite dev`, adding, removing or renaming an object file (or editing the wrangler config)
 * regenerates and restarts the worker; editing a method's body is an ordinary hot update, and a
 * change to the set of methods rewrites only the entry.
 *
 * @example
 * import { cloudflare } from "@cloudflare/vite-plugin";
 * import { dorm, cloudflareConfigPath } from "@dorm/build/vite";
 * export default defineConfig({ plugins: [dorm(), cloudflare({ configPath: cloudflareConfigPath })] });
 */
export function dorm(options: DormViteOptions = {}): Plugin {
  let root = "";
  let command: "build" | "serve" = "serve";
  let logger: Logger | null = null;
  /** The last project that generated without errors; what the running worker was built from. */
  let current: Project | null = null;
  /** Messages from the config hook, printed once Vite has a logger. */
  const notices: string[] = [];
  let entrySeen = false;
  /** Kept for the dev server's life: a change re-parses only the object files it changed. */
  const analyses = new AnalysisCache();

  /** The worker's name: the app's config's, or the default dorm gives it. */
  const workerName = (): string => {
    const config = current?.user.config;
    return typeof config?.name === "string" ? config.name : (current?.defaultName ?? "");
  };
  /** The Vite environment the Cloudflare plugin runs the worker in (`my-app` → `my_app`). */
  const workerEnvironment = (): string => options.environment ?? workerName().replaceAll("-", "_");
  const say = (text: string) => (logger ? logger.info(text, { timestamp: true }) : notices.push(text));
  const complain = (text: string) => (logger ? logger.error(text, { timestamp: true }) : process.stderr.write(`${text}\n`));

  /** Read the app, write what changed; returns which generated files were written. */
  async function generate(): Promise<string[]> {
    const project = await loadProject(root, options.overrides, analyses);
    // `vite dev` runs the dev build (the inspector's instrumentation), with this run's token.
    const dev = command === "serve";
    const all = generateOutputs(project, { dev });
    const outputs = new Map([...all].filter(([path]) => VITE_OUTPUTS.includes(path)));
    if (dev) outputs.set(VITE_CONFIG_FILE, withDevToken(outputs.get(VITE_CONFIG_FILE)!, VITE_DEV_TOKEN));
    // The config last: the Cloudflare plugin restarts the moment it changes, and must then find
    // the entry and the journal that go with it.
    const first = await writeIfChanged(root, new Map([...outputs].filter(([path]) => path !== VITE_CONFIG_FILE)));
    const last = await writeIfChanged(root, outputs, [DORM_DIR]);
    const report = { written: [...first.written, ...last.written] };
    current = project;
    if (project.pending && report.written.includes(JOURNAL_FILE)) {
      say(`dorm: appended migration ${project.pending.tag} to ${JOURNAL_FILE} — commit it with your code\n${describeStep(project.pending).map((l) => `  ${l}`).join("\n")}`);
    }
    return report.written;
  }

  /** Dev: regenerate after a change; restart the worker when its bindings changed. One at a time. */
  let syncing: Promise<void> | null = null;
  let again = false;
  function sync(server: ViteDevServer): Promise<void> {
    if (syncing) {
      again = true;
      return syncing;
    }
    syncing = (async () => {
      do {
        again = false;
        let written: string[];
        const digest = await inputsDigest(root);
        try {
          written = await generate();
          // Read while a file was being saved: the next round reads it whole.
          if ((await inputsDigest(root)) !== digest) again = true;
        } catch (error) {
          if ((await inputsDigest(root)) !== digest) {
            again = true;
            continue;
          }
          complain(`dorm: ${problems(error)}\n\ndorm: the worker keeps running the last good build; waiting for a fix…`);
          continue;
        }
        if (written.includes(VITE_CONFIG_FILE)) {
          const objects = current?.manifest.objects.map((o) => o.className).join(", ") || "none";
          say(`dorm: objects are now ${objects}; restarting the worker with the new bindings`);
          await server.restart();
          return;
        }
      } while (again);
    })().finally(() => {
      syncing = null;
    });
    return syncing;
  }

  /**
   * An object file was edited. When its methods, handlers and options are what the running build
   * has, Vite's own hot update is all it takes; otherwise the entry (or the config) is regenerated.
   */
  async function objectEdited(server: ViteDevServer, file: string): Promise<void> {
    const known = current?.manifest.objects.find((o) => o.file === file);
    if (!known) return sync(server);
    let analysis: object;
    try {
      analysis = await analyzeSettled(root, file, analyses);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return sync(server);
      complain(`dorm: ${problems(error)}`);
      return;
    }
    const before = Object.fromEntries(Object.keys(analysis).map((key) => [key, (known as unknown as Record<string, unknown>)[key]]));
    if (JSON.stringify(before) !== JSON.stringify(analysis)) return sync(server);
  }

  return {
    name: "dorm",
    enforce: "pre",

    config: {
      // Before @cloudflare/vite-plugin reads `configPath` in its own config hook.
      order: "pre",
      async handler(userConfig, env) {
        command = env.command;
        root = resolve(options.root ?? userConfig.root ?? process.cwd());
        try {
          await generate();
        } catch (error) {
          throw new Error(`dorm: the app in ${relative(process.cwd(), root) || "."} does not build:\n\n${problems(error)}`);
        }
      },
    },

    configResolved(config: ResolvedConfig) {
      logger = config.logger;
      for (const notice of notices.splice(0)) say(notice);
      if (!config.plugins.some((p) => p.name === CLOUDFLARE_PLUGIN)) {
        throw new Error(
          `dorm: @cloudflare/vite-plugin is missing. Add it after dorm(): plugins: [dorm(), cloudflare({ configPath: "${cloudflareConfigPath}" })].`,
        );
      }
      // Without dorm's config the Cloudflare plugin finds no worker (or another one's name).
      const environment = workerEnvironment();
      if (!config.environments[environment]) {
        throw new Error(
          `dorm: @cloudflare/vite-plugin has no worker environment "${environment}", so it is not running dorm's worker. Give it dorm's config: cloudflare({ configPath: "${cloudflareConfigPath}" }) (and if you rename the environment with viteEnvironment.name, pass the same name to dorm({ environment })).`,
        );
      }
    },

    transform(_code, id) {
      if (command === "build" && resolve(id) === join(root, ENTRY_FILE)) entrySeen = true;
      return null;
    },

    buildEnd() {
      // The worker environment's build: it must have bundled dorm's entry, or it has no classes.
      if (command !== "build" || entrySeen || this.environment.name !== workerEnvironment()) return;
      this.error(
        `dorm: the worker was built without dorm's entry (${ENTRY_FILE}), so it has no Durable Object classes. Give the Cloudflare plugin dorm's config: cloudflare({ configPath: "${cloudflareConfigPath}" }).`,
      );
    },

    configureServer(server) {
      viteInspector(root, workerName, say).install(server);
      const inputs = () => new Set(inputFiles(root).filter((f) => !f.startsWith(`${OBJECTS_DIR}/`)));
      server.watcher.on("all", (event, path) => {
        const file = relative(root, path).split("\\").join("/");
        const isObject = file.startsWith(`${OBJECTS_DIR}/`) && !file.slice(OBJECTS_DIR.length + 1).includes("/") && isObjectFile(file);
        if (isObject && event === "change") void objectEdited(server, file);
        else if (isObject && (event === "add" || event === "unlink")) void sync(server);
        else if (inputs().has(file) && (event === "add" || event === "change" || event === "unlink")) void sync(server);
        // Any other code of the app may start using a runtime feature the entry does not import
        // yet (features/app.ts); regenerating writes nothing when it does not.
        else if (event === "change" && isAppCode(file)) void sync(server);
      });
    },
  };
}

