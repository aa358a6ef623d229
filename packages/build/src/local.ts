import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { MiniflareOptions, WorkerOptions } from "miniflare";
import { BUNDLE_FILE, CONFIG_OUT_FILE } from "./outputs.js";

export interface LocalOptions {
  /** Folder for persisted storage; omit for in-memory. */
  persistTo?: string;
  port?: number;
  host?: string;
  /** The deployable config to run, from the root. Default `dist/wrangler.json` (what `dorm build` writes). */
  config?: string;
  /** The worker bundle to run, from the root. Default: the config's `main`. */
  bundle?: string;
  /**
   * Secrets and vars for this run, over the config's vars and `.dev.vars` (a test's own values,
   * so no secret needs to be committed).
   */
  bindings?: Record<string, string> | undefined;
}

/**
 * Miniflare options for a built app, read from `dist/wrangler.json` by wrangler itself, so
 * local runs see exactly the bindings and SQLite classes a deploy would. Secrets come from the
 * app's `.dev.vars` (where `wrangler dev` finds them too: beside the app's config, not in dist/),
 * then from `options.bindings`.
 */
export async function miniflareOptions(rootDir: string, options: LocalOptions = {}): Promise<MiniflareOptions> {
  const root = resolve(rootDir);
  const { unstable_getMiniflareWorkerOptions, unstable_getVarsForDev } = await import("wrangler");
  const configPath = join(root, options.config ?? CONFIG_OUT_FILE);
  const { workerOptions, main } = unstable_getMiniflareWorkerOptions(configPath);
  // Read the way wrangler dev reads them (.dev.vars, else .env files), from the app's root: the
  // path given only decides the folder.
  const local = unstable_getVarsForDev(join(root, "wrangler.jsonc"), undefined, {}, undefined, true);
  const secrets = Object.fromEntries(Object.entries(local).map(([key, binding]) => [key, binding.value]));
  const scriptPath = options.bundle ? join(root, options.bundle) : (main ?? join(root, BUNDLE_FILE));
  // Named as in the config, like wrangler dev and the Cloudflare Vite plugin name it: miniflare
  // keeps a class's objects under "<worker name>-<class>", so all three share one app's storage.
  const { name } = JSON.parse(readFileSync(configPath, "utf8")) as { name?: unknown };
  const own = workerOptions as WorkerOptions & { bindings?: Record<string, unknown> };
  const worker = {
    ...own,
    ...(typeof name === "string" ? { name } : {}),
    bindings: { ...own.bindings, ...secrets, ...options.bindings },
    modules: true,
    scriptPath,
  } as WorkerOptions;
  const persist = options.persistTo
    ? {
        durableObjectsPersist: join(options.persistTo, "do"),
        kvPersist: join(options.persistTo, "kv"),
        cachePersist: join(options.persistTo, "cache"),
        d1Persist: join(options.persistTo, "d1"),
        r2Persist: join(options.persistTo, "r2"),
      }
    : {};
  return {
    ...worker,
    ...persist,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.host !== undefined ? { host: options.host } : {}),
  } as MiniflareOptions;
}
