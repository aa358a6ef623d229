import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import type { Miniflare, MiniflareOptions } from "miniflare";
import { BuildError } from "./errors.js";
import { MODULES_DIR } from "./module-rules/plugin.js";
import { DEFAULT_MODULE_RULES, matchSpecifier } from "./module-rules/rules.js";

/** The part of miniflare 5's module dorm uses besides the class. */
interface MiniflareModule {
  Miniflare: new (options: unknown) => Miniflare;
  /** miniflare 5's own translation of the v4 option shape (`workers: [{ … }]` since 5). */
  convertV4MiniflareOptions?: (options: Record<string, unknown>) => unknown;
}

let loaded: Promise<MiniflareModule> | undefined;

/**
 * The miniflare that the app's wrangler runs on, so `dorm dev` and `@dorm/testing` start the
 * workerd that `wrangler dev` would: one that knows the app's compatibility date. (A miniflare of
 * dorm's own would pin a workerd, and a user's newer wrangler would accept dates it refuses.)
 */
export function loadMiniflare(): Promise<MiniflareModule> {
  loaded ??= (async () => {
    const here = createRequire(import.meta.url);
    let wrangler: string;
    try {
      wrangler = here.resolve("wrangler");
    } catch {
      throw new BuildError("DORM_NO_WRANGLER", "wrangler is not installed: dorm runs your app on the workerd that wrangler brings.", "npm install --save-dev wrangler");
    }
    return (await import(pathToFileURL(createRequire(wrangler).resolve("miniflare")).href)) as MiniflareModule;
  })();
  return loaded;
}

/** What workerd prints, as the v4 option `handleRuntimeStdio` hands it over. */
type StdioHandler = (stdout: Readable, stderr: Readable) => void;

/**
 * v4-shaped options (what `miniflareOptions` returns) for the miniflare at hand. miniflare 5
 * converts the shape itself, except for what changed meaning: storage lives under one
 * `resourcePersistencePath` (the same `do/`, `kv/`… folders below it), and workerd's output
 * comes as structured logs, which are fed to the v4 stdio handler as lines. It refuses
 * `modulesRules`, so the modules are listed instead: the bundle, and the files wrangler's module
 * rules put beside it (`modules/`, named so that wrangler's default rules give each its type).
 */
export function adaptOptions(module: MiniflareModule, options: MiniflareOptions): unknown {
  if (!module.convertV4MiniflareOptions) return options;
  const { durableObjectsPersist, kvPersist: _kv, cachePersist: _cache, d1Persist: _d1, r2Persist: _r2, handleRuntimeStdio, modulesRules: _rules, modules, scriptPath, ...rest } =
    options as Record<string, unknown>;
  const source = typeof scriptPath === "string" ? { modules: bundleModules(scriptPath) } : { modules, scriptPath };
  const v5 = module.convertV4MiniflareOptions({ ...rest, ...source }) as Record<string, unknown>;
  // local.ts puts every kind of storage in one folder, `<persistTo>/<kind>`.
  if (typeof durableObjectsPersist === "string") v5["resourcePersistencePath"] = dirname(durableObjectsPersist);
  if (typeof handleRuntimeStdio === "function") {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    (handleRuntimeStdio as StdioHandler)(stdout, stderr);
    v5["handleStructuredLogs"] = ({ level, message }: { level: string; message: string }) => {
      (level === "error" || level === "warn" ? stderr : stdout).write(`${message}\n`);
    };
  }
  return v5;
}

/** The bundle and its modules, each with the type wrangler's default rules give its name. */
function bundleModules(scriptPath: string): { type: string; path: string }[] {
  const dir = join(dirname(scriptPath), MODULES_DIR);
  const names = existsSync(dir) ? readdirSync(dir).sort() : [];
  const rules = { rules: DEFAULT_MODULE_RULES, removed: [] };
  return [
    { type: "ESModule", path: scriptPath },
    ...names.flatMap((name) => {
      const match = matchSpecifier(rules, `./${name}`);
      return match?.kind === "module" ? [{ type: match.type, path: join(dir, name) }] : [];
    }),
  ];
}

/** A Miniflare from the app's wrangler, given v4-shaped options (see `adaptOptions`). */
export async function startMiniflare(options: MiniflareOptions): Promise<Miniflare> {
  const module = await loadMiniflare();
  return new module.Miniflare(adaptOptions(module, options));
}

/** `setOptions` on a Miniflare from `startMiniflare`, with the same adaptation. */
export async function updateMiniflare(mf: Miniflare, options: MiniflareOptions): Promise<void> {
  await mf.setOptions(adaptOptions(await loadMiniflare(), options) as MiniflareOptions);
}
