import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as esbuild from "esbuild";
import { BuildError } from "./errors.js";
import { FEATURE_NAMES, type FeatureName } from "../../dorm/src/object/feature-names.js";

export const DORM_CONFIG_FILE = "dorm.config.ts";

/** How the generated wrangler config carries the migration history. */
export type MigrationsFormat = "migrations" | "exports";
export const MIGRATIONS_FORMATS: readonly MigrationsFormat[] = ["migrations", "exports"];

/** The app's `dorm.config.ts` (optional). */
export interface DormConfig {
  /**
   * `"migrations"` (default): wrangler's `migrations` array, for every wrangler 4 release.
   * `"exports"`: the declarative `exports` map, which needs wrangler ≥ 4.107.
   */
  migrations?: MigrationsFormat;
  /**
   * Runtime features to bundle whatever the build finds in the code. dorm bundles a feature
   * (`scheduler`, `cron`, `storage`, …) when the code of app/worker.ts, app/objects/ and the files
   * they import by relative path uses it; list it here when the code that uses it is elsewhere
   * (a package, say).
   */
  features?: readonly FeatureName[];
}

/**
 * Type the app's `dorm.config.ts`.
 *
 * @example
 * import { defineConfig } from "@dorm/build";
 * export default defineConfig({ migrations: "exports" });
 */
export function defineConfig(config: DormConfig): DormConfig {
  return config;
}

/** Check a loaded config's shape. Pure. */
export function validateDormConfig(value: unknown, file: string = DORM_CONFIG_FILE): DormConfig {
  if (typeof value !== "object" || value === null) {
    throw new BuildError("DORM_BAD_DORM_CONFIG", `${file} must export an object as default.`, "write export default defineConfig({ ... }).", { file });
  }
  const config = value as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (key !== "migrations" && key !== "features") {
      throw new BuildError("DORM_BAD_DORM_CONFIG", `${file}: unknown option "${key}".`, 'the options are: migrations ("migrations" or "exports") and features.', { file });
    }
  }
  const features = config["features"];
  if (features !== undefined && (!Array.isArray(features) || features.some((f) => !(FEATURE_NAMES as readonly unknown[]).includes(f)))) {
    throw new BuildError(
      "DORM_BAD_DORM_CONFIG",
      `${file}: features must be a list of feature names, got ${JSON.stringify(features)}.`,
      `use any of ${FEATURE_NAMES.map((f) => JSON.stringify(f)).join(", ")}.`,
      { file },
    );
  }
  if (config["migrations"] !== undefined && !MIGRATIONS_FORMATS.includes(config["migrations"] as MigrationsFormat)) {
    throw new BuildError("DORM_BAD_DORM_CONFIG", `${file}: migrations must be "migrations" or "exports", got ${JSON.stringify(config["migrations"])}.`, 'use "migrations" (any wrangler 4) or "exports" (wrangler ≥ 4.107).', { file });
  }
  return config as DormConfig;
}

/** Load `dorm.config.ts` if the app has one: bundled with esbuild, imported, removed. */
export async function loadDormConfig(root: string): Promise<DormConfig> {
  const path = join(root, DORM_CONFIG_FILE);
  if (!existsSync(path)) return {};
  let code: string;
  try {
    const result = await esbuild.build({
      entryPoints: [path],
      bundle: true,
      write: false,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "silent",
    });
    code = result.outputFiles[0]!.text;
  } catch (error) {
    const first = (error as esbuild.BuildFailure).errors?.[0];
    throw new BuildError("DORM_BAD_DORM_CONFIG", `${DORM_CONFIG_FILE} does not build: ${first?.text ?? String(error)}.`, "fix the error at this position.", {
      file: DORM_CONFIG_FILE,
      line: first?.location?.line,
      column: first?.location ? first.location.column + 1 : undefined,
    });
  }
  // Written beside the config so its imports resolve from the app; removed right after.
  const temp = join(root, `.dorm.config.${process.pid}.${Date.now()}.mjs`);
  await writeFile(temp, code);
  try {
    const module = (await import(pathToFileURL(temp).href)) as { default?: unknown };
    return validateDormConfig(module.default);
  } catch (error) {
    if (error instanceof BuildError) throw error;
    throw new BuildError("DORM_BAD_DORM_CONFIG", `${DORM_CONFIG_FILE} failed to load: ${(error as Error).message}.`, "fix the error; the config runs in Node when the build starts.", { file: DORM_CONFIG_FILE });
  } finally {
    await rm(temp, { force: true });
  }
}
