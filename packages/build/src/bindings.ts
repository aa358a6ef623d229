// Which binding name each object gets. An app moving to dorm keeps the names its code, dashboards
// and other workers use: a definition's `binding: "ROOMS"` wins, then a binding the app's wrangler
// config already declares for the class (seed 004's `ROOMS → ChatRoom`), then the file's name.
import { locate, type UserConfig, type WranglerConfig } from "./config.js";
import { BuildError, BuildErrors, type SourceLocation } from "./errors.js";
import type { ObjectEntry } from "./manifest.js";
import { BINDING_NAME } from "./names.js";

/** A Durable Object binding as written in a wrangler config. */
export interface ConfigBinding {
  readonly name: string;
  readonly class_name: string;
  readonly script_name?: string;
  readonly environment?: string;
}

/** The Durable Object bindings of one section of the config (the top level, or `env.<name>`); checkShape has run. */
export function sectionBindings(section: WranglerConfig): ConfigBinding[] {
  const list = (section["durable_objects"] as { bindings?: unknown } | undefined)?.bindings;
  return Array.isArray(list) ? (list as ConfigBinding[]) : [];
}

/**
 * A section's `durable_objects.bindings` must be a list of { name, class_name } entries: a TOML
 * inline table (`bindings = { … }`) or a string would otherwise be dropped or spread into letters.
 */
function checkShape(user: UserConfig, where: string, section: WranglerConfig, errors: BuildError[]): void {
  const durable = section["durable_objects"];
  if (durable === undefined) return;
  const list = typeof durable === "object" && durable !== null && !Array.isArray(durable) ? (durable as { bindings?: unknown }).bindings : durable;
  if (list === undefined) return;
  const isBinding = (b: unknown) => typeof b === "object" && b !== null && typeof (b as ConfigBinding).name === "string" && typeof (b as ConfigBinding).class_name === "string";
  if (Array.isArray(list) && list.every(isBinding)) return;
  const got = Array.isArray(list) ? "a list with an entry that is not { name, class_name }" : list === null ? "null" : typeof list === "object" ? "a single table" : `a ${typeof list}`;
  errors.push(
    new BuildError(
      "DORM_BAD_CONFIG",
      `${user.file ?? "wrangler config"}${where}: durable_objects.bindings must be a list of { name, class_name } entries, got ${got}.`,
      'write "durable_objects": { "bindings": [{ "name": "X", "class_name": "Y", "script_name": "other-worker" }] } (in TOML: [[durable_objects.bindings]] tables), or leave it out: dorm writes the bindings of app/objects/ itself.',
      locate(user, "durable_objects"),
    ),
  );
}

/** Binding lists whose entries give the name as `name`; the others use `binding`. */
const NAMED_BY_NAME = new Set(["send_email", "ratelimits"]);

/**
 * Every binding name a config section declares besides Durable Objects (vars, KV, R2, D1,
 * services, queues, secrets…), with the field that declares it.
 */
function otherBindingNames(section: WranglerConfig): [name: string, field: string][] {
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

/** A binding to a class of this worker (no `script_name`): one dorm may generate. */
const isLocal = (binding: ConfigBinding) => !binding.script_name;

/** The sections of the config with their names for messages: the top level, then each env. */
function sections(config: WranglerConfig): { where: string; section: WranglerConfig }[] {
  const env = config["env"];
  const envs = env && typeof env === "object" ? Object.entries(env as Record<string, WranglerConfig>) : [];
  return [{ where: "", section: config }, ...envs.map(([name, section]) => ({ where: ` (env.${name})`, section }))];
}

/** The config's own name for each class it binds locally, from the top level (two names for one class are refused). */
function adoptable(user: UserConfig, errors: BuildError[]): Map<string, ConfigBinding> {
  const byClass = new Map<string, ConfigBinding>();
  for (const binding of sectionBindings(user.config).filter(isLocal)) {
    const earlier = byClass.get(binding.class_name);
    if (earlier && earlier.name !== binding.name) {
      errors.push(
        new BuildError(
          "DORM_CONFLICTING_BINDING",
          `${user.file} binds ${binding.class_name} twice, as ${earlier.name} and as ${binding.name}; dorm gives each object one binding.`,
          `keep one of the two bindings in ${user.file} (code that used the other reads the one you keep).`,
          locate(user, "name", binding.name),
        ),
      );
    }
    if (!earlier) byClass.set(binding.class_name, binding);
  }
  return byClass;
}

function chosenName(object: ObjectEntry, adopted: ConfigBinding | undefined, user: UserConfig, errors: BuildError[]): string {
  const declared = object.declaredBinding;
  if (declared && adopted && adopted.name !== declared) {
    errors.push(
      new BuildError(
        "DORM_CONFLICTING_BINDING",
        `${object.file} sets binding: "${declared}", but ${user.file} binds ${object.className} as ${adopted.name}.`,
        `use one name: set binding: "${adopted.name}" in ${object.file}, or change the binding in ${user.file} to "${declared}".`,
        { file: object.file },
      ),
    );
  }
  return declared ?? adopted?.name ?? object.binding;
}

function badName(name: string, object: ObjectEntry, where: SourceLocation | undefined): BuildError {
  return new BuildError(
    "DORM_BAD_BINDING",
    `the binding "${name}" for ${object.className} is not a binding name dorm can type (env.${name}).`,
    'use an identifier: letters, digits, _ and $, not starting with a digit (for example "ROOMS").',
    where,
  );
}

/**
 * Every section's local bindings of generated classes must use the chosen name (dorm's accessors
 * and types have one name per object), and no other binding may take a chosen name.
 */
function checkSections(objects: readonly ObjectEntry[], user: UserConfig, errors: BuildError[]): void {
  const byClass = new Map(objects.map((o) => [o.className, o]));
  const byBinding = new Map(objects.map((o) => [o.binding, o]));
  for (const { where, section } of sections(user.config)) {
    // A var, a KV namespace, a queue… under an object's binding name: env.X would be one or the
    // other, depending on the order wrangler applies them.
    for (const [name, field] of otherBindingNames(section)) {
      const taken = byBinding.get(name);
      if (taken) {
        errors.push(
          new BuildError(
            "DORM_CONFLICTING_BINDING",
            `${user.file}${where}: ${field} declares ${name}, the name of the Durable Object binding dorm generates for ${taken.file} (env.${name}).`,
            `rename the ${field} entry, or the object's binding (binding: "..." in ${taken.file}).`,
            locate(user, field === "vars" ? name : "binding", field === "vars" ? undefined : name),
          ),
        );
      }
    }
    for (const binding of sectionBindings(section)) {
      const generated = isLocal(binding) ? byClass.get(binding.class_name) : undefined;
      if (generated && generated.binding !== binding.name) {
        if (where === "") continue; // the top level's second name is reported by adoptable()
        errors.push(
          new BuildError(
            "DORM_CONFLICTING_BINDING",
            `${user.file}${where} binds ${binding.class_name} as ${binding.name}, but it is ${generated.binding} at the top level; a dorm object has one binding name in every environment.`,
            `remove it from env.${where.slice(6, -1)} (dorm adds ${generated.binding} to every environment) or use the same name.`,
            locate(user, "name", binding.name),
          ),
        );
        continue;
      }
      const taken = byBinding.get(binding.name);
      if (taken && !generated) {
        errors.push(
          new BuildError(
            "DORM_CONFLICTING_BINDING",
            `${user.file}${where} declares the binding ${binding.name} → ${binding.class_name}${binding.script_name ? ` (in ${binding.script_name})` : ""}, but ${binding.name} is the binding of ${taken.file} (class ${taken.className}).`,
            `rename one of the two: the binding in ${user.file}, or the object's with binding: "..." in ${taken.file}.`,
            locate(user, "name", binding.name),
          ),
        );
      }
    }
  }
}

/**
 * The objects with their final binding names. Pure. Errors name the object file or the config
 * line, and every problem is reported at once.
 */
export function resolveBindings(objects: readonly ObjectEntry[], user: UserConfig): ObjectEntry[] {
  const errors: BuildError[] = [];
  for (const { where, section } of sections(user.config)) checkShape(user, where, section, errors);
  if (errors.length > 0) throw new BuildErrors(errors);
  const adopted = adoptable(user, errors);
  const resolved = objects.map((object) => {
    const config = adopted.get(object.className);
    const binding = chosenName(object, config, user, errors);
    if (!BINDING_NAME.test(binding)) errors.push(badName(binding, object, object.declaredBinding ? { file: object.file } : locate(user, "name", binding)));
    return binding === object.binding ? object : { ...object, binding };
  });
  const seen = new Map<string, ObjectEntry>();
  for (const object of resolved) {
    const earlier = seen.get(object.binding);
    if (earlier) {
      errors.push(
        new BuildError(
          "DORM_NAME_COLLISION",
          `"${object.file}" and "${earlier.file}" both use the binding ${object.binding}.`,
          `give one of them another name with binding: "..." in its definition.`,
          { file: object.file },
        ),
      );
    }
    seen.set(object.binding, object);
  }
  if (errors.length === 0) checkSections(resolved, user, errors);
  if (errors.length > 0) throw new BuildErrors(errors);
  return resolved;
}

/**
 * A section's bindings without those dorm generates (adopted ones included): what the generated
 * config keeps of the app's own, before adding one per object.
 */
export function keptBindings(section: WranglerConfig, objects: readonly ObjectEntry[]): ConfigBinding[] {
  const generated = new Set(objects.map((o) => o.className));
  return sectionBindings(section).filter((b) => !(isLocal(b) && generated.has(b.class_name)));
}
