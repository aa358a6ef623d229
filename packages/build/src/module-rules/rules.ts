// wrangler's module rules, as its bundler applies them: `import html from "./chat.html"` is a Text
// module by default, and an app's own `rules` come first. Pure: rules in, decisions out.
import { locate, type UserConfig, type WranglerConfig } from "../config.js";
import { BuildError } from "../errors.js";

/** Module types whose files become modules of their own (JavaScript types are esbuild's to bundle). */
export type AdditionalModuleType = "Text" | "Data" | "CompiledWasm";
const ADDITIONAL: readonly string[] = ["Text", "Data", "CompiledWasm"];
const JAVASCRIPT: readonly string[] = ["ESModule", "CommonJS"];

export interface ModuleRule {
  readonly type: string;
  readonly globs: readonly string[];
  readonly fallthrough?: boolean;
}

/** Extensions esbuild bundles as code; a module rule never makes them modules of their own. */
export const CODE_EXTENSIONS: readonly string[] = ["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "json"];

/** A regular expression source for the non-empty strings of `[^./\\?]` that are none of `words`, without lookahead (Go's regexp). */
function noneOf(words: readonly string[]): string {
  const char = "[^./\\\\?]";
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (const c of word) {
      if (!node.next.has(c)) node.next.set(c, { end: false, next: new Map() });
      node = node.next.get(c)!;
    }
    node.end = true;
  }
  // A string that is no word: it stops where no word stops, or leaves every word's path.
  const walk = (node: Node, top: boolean): string => {
    const ways: string[] = [];
    if (!top && !node.end) ways.push("");
    const taken = [...node.next.keys()].join("");
    ways.push(`${taken ? `[^./\\\\?${taken}]` : char}${char}*`);
    for (const [c, child] of node.next) ways.push(`${c}(?:${walk(child, false)})`);
    return ways.join("|");
  };
  return walk(root, true);
}

/**
 * The import specifiers a module rule can match: those with an extension that is not code's
 * (`./chat.html`, `./add.wasm?module`). The plugin's esbuild filter: with it esbuild does not call
 * into JavaScript for every `.js`/`.ts` import of a bundle, which was most of a warm build's time.
 */
export const RULE_CANDIDATE = new RegExp(`\\.(?:${noneOf(CODE_EXTENSIONS)})(?:\\?[^/]*)?$`);

/** wrangler's defaults (its DEFAULT_MODULE_RULES), after the app's own. */
export const DEFAULT_MODULE_RULES: readonly ModuleRule[] = [
  { type: "Text", globs: ["**/*.txt", "**/*.html", "**/*.sql"] },
  { type: "Data", globs: ["**/*.bin"] },
  { type: "CompiledWasm", globs: ["**/*.wasm", "**/*.wasm?module"] },
];

/** The extension each type is written with in dist/, so that wrangler's defaults give it its type back. */
const OUTPUT_EXTENSION: Record<AdditionalModuleType, readonly string[]> = {
  Text: [".txt", ".html", ".sql"],
  Data: [".bin"],
  CompiledWasm: [".wasm"],
};

/** The rules in force: the app's, then the defaults, minus those an earlier rule of the same type shadows. */
export interface Rules {
  readonly rules: readonly ModuleRule[];
  /** Shadowed rules (an earlier rule of their type has no `fallthrough: true`); a file they match is refused. */
  readonly removed: readonly ModuleRule[];
}

/** The app's `rules`, checked: each `{ type, globs, fallthrough? }` with a type dorm can bundle. */
export function readRules(user: UserConfig): ModuleRule[] {
  const raw = (user.config as WranglerConfig)["rules"];
  if (raw === undefined) return [];
  const where = user.file ?? "wrangler config";
  const bad = (message: string, fix: string) => new BuildError("DORM_BAD_CONFIG", `${where}: ${message}`, fix, locate(user, "rules"));
  if (!Array.isArray(raw)) throw bad(`"rules" must be a list of { type, globs }.`, `write "rules": [{ "type": "Text", "globs": ["**/*.md"] }].`);
  return raw.map((rule, i) => {
    const { type, globs, fallthrough } = (rule ?? {}) as Partial<ModuleRule>;
    if (typeof type !== "string" || ![...ADDITIONAL, ...JAVASCRIPT].includes(type)) {
      throw bad(
        `rules[${i}] has the type ${JSON.stringify(type)}, which dorm cannot bundle.`,
        `use "Text", "Data" or "CompiledWasm" (or "ESModule"/"CommonJS", which esbuild bundles as code).`,
      );
    }
    if (!Array.isArray(globs) || globs.length === 0 || !globs.every((g) => typeof g === "string" && g.length > 0)) {
      throw bad(`rules[${i}].globs must be a non-empty list of globs.`, `write "globs": ["**/*.md"].`);
    }
    const code = ADDITIONAL.includes(type) ? globs.find((g) => CODE_EXTENSIONS.some((ext) => g.endsWith(`.${ext}`))) : undefined;
    if (code !== undefined) {
      throw bad(
        `rules[${i}] makes "${code}" a ${type} module, but dorm bundles ${CODE_EXTENSIONS.map((e) => `.${e}`).join(", ")} files as code.`,
        `give such files another extension (chat.html, data.txt), or import them as code.`,
      );
    }
    if (fallthrough !== undefined && typeof fallthrough !== "boolean") throw bad(`rules[${i}].fallthrough must be true or false.`, "remove it, or write true or false.");
    return { type, globs, ...(fallthrough === undefined ? {} : { fallthrough }) };
  });
}

/**
 * The app's rules then the defaults, as wrangler orders them: once a rule of a type is met
 * without `fallthrough: true`, later rules of that type are shadowed.
 */
export function effectiveRules(own: readonly ModuleRule[]): Rules {
  const rules: ModuleRule[] = [];
  const removed: ModuleRule[] = [];
  const completed = new Set<string>();
  for (const rule of [...own, ...DEFAULT_MODULE_RULES]) {
    if (completed.has(rule.type)) {
      removed.push(rule);
      continue;
    }
    rules.push(rule);
    if (rule.fallthrough !== true) completed.add(rule.type);
  }
  return { rules, removed };
}

/**
 * A glob as wrangler's bundler reads it (the `glob-to-regexp` defaults): `*` matches anything,
 * `/` included; every other character is literal; the whole import specifier must match.
 */
export function globToRegExp(glob: string): RegExp {
  const source = glob
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`);
}

export type RuleMatch =
  | { readonly kind: "module"; readonly type: AdditionalModuleType; readonly rule: ModuleRule }
  | { readonly kind: "code" }
  | { readonly kind: "shadowed"; readonly rule: ModuleRule };

/** What an import specifier is under these rules; null when no rule matches it. */
export function matchSpecifier(rules: Rules, specifier: string): RuleMatch | null {
  for (const rule of rules.rules) {
    if (!rule.globs.some((glob) => globToRegExp(glob).test(specifier))) continue;
    if (JAVASCRIPT.includes(rule.type)) return { kind: "code" };
    return { kind: "module", type: rule.type as AdditionalModuleType, rule };
  }
  const shadowed = rules.removed.find((rule) => rule.globs.some((glob) => globToRegExp(glob).test(specifier)));
  return shadowed ? { kind: "shadowed", rule: shadowed } : null;
}

/** One regular expression that every specifier a rule may match passes (for esbuild's filter). */
export function rulesFilter(rules: Rules): RegExp {
  const all = [...rules.rules, ...rules.removed].filter((r) => !JAVASCRIPT.includes(r.type)).flatMap((r) => r.globs);
  return all.length === 0 ? /^\b$/ : new RegExp(all.map((glob) => globToRegExp(glob).source).join("|"));
}

/**
 * The module's file name in the output: content hash and base name, like wrangler's, plus an
 * extension that wrangler's default rules map back to its type (a Data `.html` is `x.html.bin`),
 * so the deployed config needs no rules of its own.
 */
export function outputName(hash: string, base: string, type: AdditionalModuleType): string {
  const extensions = OUTPUT_EXTENSION[type];
  const kept = extensions.some((ext) => base.endsWith(ext)) ? base : `${base}${extensions[0]}`;
  return `${hash}-${kept}`;
}
