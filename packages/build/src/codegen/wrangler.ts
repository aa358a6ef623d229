import type { WranglerConfig } from "../config.js";
import { keptBindings } from "../bindings.js";
import { DEFAULT_COMPATIBILITY_DATE } from "../compatibility.js";
import { BuildError } from "../errors.js";
import type { Manifest } from "../manifest.js";
import type { MigrationsFormat } from "../dorm-config.js";
import { exportsFromHistory } from "../migrations/exports.js";
import { JOURNAL_FILE, type MigrationStep } from "../migrations/types.js";

// Re-exported: the one definition lives beside the rule that refuses old dates.
export { DEFAULT_COMPATIBILITY_DATE } from "../compatibility.js";

/** Fields holding paths relative to the config file, which must follow it into `dist/`. */
const PATH_FIELDS: readonly (readonly [string, string])[] = [
  ["assets", "directory"],
  ["site", "bucket"],
];

export interface WranglerInput {
  readonly config: WranglerConfig;
  /** The user's config file name, for messages. */
  readonly configFile: string | null;
  readonly manifest: Manifest;
  readonly migrations: readonly MigrationStep[];
  /** `migrations` array (default) or declarative `exports` map. */
  readonly format?: MigrationsFormat;
  /** The bundle, relative to the generated config: `worker.js`. */
  readonly main: string;
  /**
   * Whether `main` is already bundled (default true: `dist/wrangler.json` points at dorm's
   * bundle). False for `.dorm/wrangler.json`, whose `main` is the generated entry that the
   * Cloudflare Vite plugin bundles itself.
   */
  readonly bundled?: boolean;
  /** Path from the generated config's folder back to the app root: `..`. */
  readonly toRoot: string;
  /** Worker name when the config has none. */
  readonly defaultName: string;
}

function rebase(section: WranglerConfig, toRoot: string): WranglerConfig {
  const out = { ...section };
  for (const [field, key] of PATH_FIELDS) {
    const value = out[field] as Record<string, unknown> | undefined;
    if (value && typeof value[key] === "string" && !(value[key] as string).startsWith("/")) {
      out[field] = { ...value, [key]: `${toRoot}/${(value[key] as string).replace(/^\.\//, "")}` };
    }
  }
  return out;
}

/**
 * dorm's bundle has applied the app's module rules already: its modules are named so that
 * wrangler's defaults type them (see module-rules/), and the app's globs would not match them.
 * The Vite plugin's config (not bundled yet) keeps them.
 */
function withoutRules(section: WranglerConfig, input: WranglerInput): WranglerConfig {
  if (input.bundled === false || section["rules"] === undefined) return section;
  const { rules: _rules, ...rest } = section;
  return rest;
}

/**
 * The app's own bindings (to other workers' classes, or classes it exports itself) plus one per
 * object. A binding the app declared for a class dorm generates was adopted: the object carries
 * its name (see resolveBindings), so it is written once, as dorm's.
 */
function durableObjects(section: WranglerConfig, input: WranglerInput, where: string): WranglerConfig["durable_objects"] {
  const kept = keptBindings(section, input.manifest.objects);
  const generated = input.manifest.objects.map((o) => ({ name: o.binding, class_name: o.className }));
  for (const binding of kept) {
    const clash = generated.find((g) => g.name === binding.name);
    if (clash) {
      throw new BuildError(
        "DORM_CONFLICTING_BINDING",
        `${input.configFile ?? "wrangler config"}${where} declares the Durable Object binding ${binding.name} → ${binding.class_name}, but ${binding.name} is dorm's binding for ${clash.class_name}.`,
        "rename one of the two: the binding in your wrangler config, or the object's with binding: \"...\" in its definition.",
        input.configFile ? { file: input.configFile } : undefined,
      );
    }
  }
  return { bindings: [...kept, ...generated] };
}

/** The app's own `exports` (worker entrypoints) plus dorm's Durable Object entries. */
function exportsMap(input: WranglerInput): WranglerConfig {
  const own = (input.config["exports"] ?? {}) as Record<string, { type?: string }>;
  for (const [name, entry] of Object.entries(own)) {
    if (entry?.type === "durable-object") {
      throw new BuildError(
        "DORM_CONFLICTING_EXPORTS",
        `${input.configFile} declares the Durable Object export ${name}; dorm derives every Durable Object export from ${JOURNAL_FILE}.`,
        "remove the durable-object entries from exports in your wrangler config (worker entries are kept).",
        input.configFile ? { file: input.configFile } : undefined,
      );
    }
  }
  return { ...own, ...exportsFromHistory(input.migrations) };
}

/**
 * `dist/wrangler.json`: the app's own config with dorm's `main`, Durable Object bindings and
 * migrations. Paths are rebased to the new location. Deterministic for the same input.
 */
export function generateWranglerConfig(input: WranglerInput): string {
  const { config } = input;
  if (typeof config["main"] === "string" && config["main"].replace(/^\.\//, "") !== "app/worker.ts") {
    throw new BuildError(
      "DORM_CONFLICTING_MAIN",
      `${input.configFile} sets main to "${config["main"]}", but a dorm app's worker is app/worker.ts.`,
      "remove main from your wrangler config and put the worker in app/worker.ts (or leave it out to route /objects/<object>/<name> by default).",
      input.configFile ? { file: input.configFile } : undefined,
    );
  }
  const { main: _main, migrations: _migrations, exports: ownExports, durable_objects: _do, env, ...rest } = withoutRules(rebase(config, input.toRoot), input);
  const out: WranglerConfig = {
    name: input.defaultName,
    compatibility_date: DEFAULT_COMPATIBILITY_DATE,
    ...rest,
    main: input.main,
    ...(input.bundled === false ? {} : { no_bundle: true }),
    durable_objects: durableObjects(config, input, ""),
    ...(input.format === "exports"
      ? { exports: exportsMap(input) }
      : { ...(ownExports === undefined ? {} : { exports: ownExports }), migrations: input.migrations }),
  };
  if (env && typeof env === "object") {
    // Durable Object bindings are not inherited by environments; each one gets them.
    out["env"] = Object.fromEntries(
      Object.entries(env as Record<string, WranglerConfig>).map(([name, section]) => [
        name,
        { ...withoutRules(rebase(section, input.toRoot), input), durable_objects: durableObjects(section, input, ` (env.${name})`) },
      ]),
    );
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** `.wrangler/deploy/config.json`: makes plain `wrangler deploy` / `wrangler dev` use dist/. */
export function generateRedirect(configPathFromRedirect: string): string {
  return `${JSON.stringify({ configPath: configPathFromRedirect }, null, 2)}\n`;
}
