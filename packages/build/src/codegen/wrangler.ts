import type { WranglerConfig } from "../config.js";
import { BuildError } from "../errors.js";
import type { Manifest } from "../manifest.js";
import type { MigrationsFormat } from "../dorm-config.js";
import { exportsFromHistory } from "../migrations/exports.js";
import { JOURNAL_FILE, type MigrationStep } from "../migrations/types.js";

/** Used when the app's config has no `compatibility_date`: the pinned workerd's own date. */
export const DEFAULT_COMPATIBILITY_DATE = "2026-04-26";

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

type Binding = { name: string; class_name: string; script_name?: string; environment?: string };

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

/** A config problem, named in the user's config file. */
function configError(code: string, input: WranglerInput, message: string, fix: string): BuildError {
  return new BuildError(code, `${input.configFile ?? "wrangler config"}${message}`, fix, input.configFile ? { file: input.configFile } : undefined);
}

/** The section's own Durable Object bindings, checked for shape: a list of { name, class_name } tables. */
function ownBindings(section: WranglerConfig, input: WranglerInput, where: string): Binding[] {
  const durable = section.durable_objects;
  if (durable === undefined) return [];
  const list = typeof durable === "object" && durable !== null && !Array.isArray(durable) ? (durable as { bindings?: unknown }).bindings : durable;
  if (list === undefined) return [];
  const valid =
    Array.isArray(list) &&
    list.every((b) => typeof b === "object" && b !== null && typeof (b as Binding).name === "string" && typeof (b as Binding).class_name === "string");
  if (!valid) {
    const got = Array.isArray(list) ? "a list with an entry that is not { name, class_name }" : list === null ? "null" : typeof list === "object" ? "a single table" : `a ${typeof list}`;
    throw configError(
      "DORM_BAD_CONFIG",
      input,
      `${where}: durable_objects.bindings must be a list of { name, class_name } entries, got ${got}.`,
      'write "durable_objects": { "bindings": [{ "name": "X", "class_name": "Y", "script_name": "other-worker" }] } (in TOML: [[durable_objects.bindings]] tables), or remove it: dorm writes the bindings of app/objects/ itself.',
    );
  }
  return list as Binding[];
}

/**
 * Every other binding name a config section declares (vars, KV, R2, D1, services, queues,
 * secrets…): none may take the name of a binding dorm generates, or `env.X` would be one or
 * the other depending on the order wrangler applies them.
 */
function otherBindingNames(section: WranglerConfig): [name: string, field: string][] {
  // Binding lists whose entries give the name as `name`; the others use `binding`.
  const NAMED_BY_NAME = new Set(["send_email", "ratelimits"]);
  const names: [string, string][] = [];
  const add = (value: unknown, field: string) => {
    const record = value as { binding?: unknown; name?: unknown } | null;
    const name = NAMED_BY_NAME.has(field) ? record?.name : record?.binding;
    if (typeof name === "string") names.push([name, field]);
  };
  for (const [field, value] of Object.entries(section)) {
    if (field === "durable_objects" || field === "env" || field === "migrations" || field === "exports") continue;
    if (field === "vars" && typeof value === "object" && value !== null) {
      for (const name of Object.keys(value)) names.push([name, "vars"]);
    } else if (field === "secrets" && Array.isArray((value as { required?: unknown } | null)?.required)) {
      for (const name of (value as { required: unknown[] }).required) if (typeof name === "string") names.push([name, "secrets.required"]);
    } else if (field === "queues" && Array.isArray((value as { producers?: unknown } | null)?.producers)) {
      for (const producer of (value as { producers: unknown[] }).producers) add(producer, "queues.producers");
    } else if (field === "unsafe" && Array.isArray((value as { bindings?: unknown } | null)?.bindings)) {
      for (const binding of (value as { bindings: { name?: unknown }[] }).bindings) if (typeof binding?.name === "string") names.push([binding.name, "unsafe.bindings"]);
    } else if (Array.isArray(value)) {
      for (const entry of value) add(entry, field);
    } else {
      add(value, field);
    }
  }
  return names;
}

/** The user's own bindings (to other workers' classes) plus one per object. */
function durableObjects(section: WranglerConfig, input: WranglerInput, where: string): WranglerConfig["durable_objects"] {
  const existing = ownBindings(section, input, where);
  const generated = input.manifest.objects.map((o) => ({ name: o.binding, class_name: o.className, file: o.file }));
  for (const binding of existing) {
    const clash = generated.find((g) => g.name === binding.name || (!binding.script_name && g.class_name === binding.class_name));
    if (clash) {
      throw configError(
        "DORM_CONFLICTING_BINDING",
        input,
        `${where} declares the Durable Object binding ${binding.name} → ${binding.class_name}, which dorm generates for app/objects/.`,
        "remove it from your wrangler config; dorm writes the bindings of app/objects/ itself (bindings to other workers, with script_name, are kept).",
      );
    }
  }
  for (const [name, field] of otherBindingNames(section)) {
    const clash = generated.find((g) => g.name === name);
    if (clash) {
      throw configError(
        "DORM_CONFLICTING_BINDING",
        input,
        `${where}: ${field} declares ${name}, the name of the Durable Object binding dorm generates for ${clash.file} (env.${name}).`,
        `rename the ${field} entry, or the object file (${clash.file}).`,
      );
    }
  }
  return { bindings: [...existing, ...generated.map(({ name, class_name }) => ({ name, class_name }))] };
}

/** The app's own `exports` (worker entrypoints) plus dorm's Durable Object entries. */
function exportsMap(input: WranglerInput): WranglerConfig {
  const own = (input.config.exports ?? {}) as Record<string, { type?: string }>;
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
  if (typeof config.main === "string" && config.main.replace(/^\.\//, "") !== "app/worker.ts") {
    throw new BuildError(
      "DORM_CONFLICTING_MAIN",
      `${input.configFile} sets main to "${config.main}", but a dorm app's worker is app/worker.ts.`,
      "remove main from your wrangler config and put the worker in app/worker.ts (or leave it out to route /objects/<object>/<name> by default).",
      input.configFile ? { file: input.configFile } : undefined,
    );
  }
  const { main: _main, migrations: _migrations, exports: ownExports, durable_objects: _do, env, ...rest } = rebase(config, input.toRoot);
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
    out.env = Object.fromEntries(
      Object.entries(env as Record<string, WranglerConfig>).map(([name, section]) => [
        name,
        { ...rebase(section, input.toRoot), durable_objects: durableObjects(section, input, ` (env.${name})`) },
      ]),
    );
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** `.wrangler/deploy/config.json`: makes plain `wrangler deploy` / `wrangler dev` use dist/. */
export function generateRedirect(configPathFromRedirect: string): string {
  return `${JSON.stringify({ configPath: configPathFromRedirect }, null, 2)}\n`;
}
