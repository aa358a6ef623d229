import type { BuildOptions } from "esbuild";

/** How a worker is bundled for workerd: one ES module, runtime modules left to the runtime. */
export function workerBundleOptions(): BuildOptions {
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
  };
}
