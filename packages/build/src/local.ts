import { join, resolve } from "node:path";
import type { MiniflareOptions, WorkerOptions } from "miniflare";
import { BUNDLE_FILE, CONFIG_OUT_FILE } from "./outputs.js";

export interface LocalOptions {
  /** Folder for persisted storage; omit for in-memory. */
  persistTo?: string;
  port?: number;
  host?: string;
}

/**
 * Miniflare options for a built app, read from `dist/wrangler.json` by wrangler itself, so
 * local runs see exactly the bindings and SQLite classes a deploy would.
 */
export async function miniflareOptions(rootDir: string, options: LocalOptions = {}): Promise<MiniflareOptions> {
  const root = resolve(rootDir);
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(root, CONFIG_OUT_FILE));
  const worker = {
    ...(workerOptions as WorkerOptions),
    modules: true,
    scriptPath: join(root, BUNDLE_FILE),
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
