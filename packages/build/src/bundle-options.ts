import type { BuildOptions } from "esbuild";

/** What a production build takes from the app's wrangler config. */
export interface OutputOptions {
  /** Wrangler's `minify` (default false, as in wrangler). */
  readonly minify?: boolean;
  /** Wrangler's `keep_names` (default true, as in wrangler): minified classes and functions keep their `name`. */
  readonly keepNames?: boolean;
}

/**
 * How a worker is bundled for workerd: one ES module, runtime modules left to the runtime, with
 * a linked source map. Minified when the app's wrangler config says `minify: true` (dorm's
 * output is deployed with `no_bundle`, so wrangler would not minify it itself).
 */
export function workerBundleOptions(output: OutputOptions = {}): BuildOptions {
  return {
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2024",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["workerd", "worker", "browser", "module", "main"],
    external: ["cloudflare:*", "node:*"],
    sourcemap: "linked",
    logLevel: "silent",
    legalComments: "none",
    ...(output.minify ? { minify: true, keepNames: output.keepNames !== false } : {}),
  };
}

/** `minify` and `keep_names` from a wrangler config (top level; environments share the one bundle). */
export function outputOptions(config: Record<string, unknown>): OutputOptions {
  return { minify: config["minify"] === true, keepNames: config["keep_names"] !== false };
}
