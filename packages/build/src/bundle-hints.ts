// The fix for the bundler's common errors, said for this app: which package to install and how,
// which module rule to add to which config. Pure: an esbuild message and the app's facts in.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

export interface Hint {
  readonly code: string;
  readonly fix: string;
}

export interface HintContext {
  /** The app's wrangler config file (`wrangler.toml`...), or null when it has none. */
  readonly configFile: string | null;
  /** How this project installs a package: `npm install`, `pnpm add`... */
  readonly install: string;
}

const BROWSER_BUNDLE = /\(in the browser bundle of [^)]*\)$/;

/** `@scope/pkg/sub/path` → `@scope/pkg`, `left-pad/x` → `left-pad`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function ruleToAdd(configFile: string | null, extension: string): string {
  const glob = `**/*${extension}`;
  if (configFile?.endsWith(".toml")) {
    return `add a module rule to ${configFile}:\n    [[rules]]\n    type = "Text"\n    globs = ["${glob}"]\n  (type "Data" gives an ArrayBuffer instead of a string).`;
  }
  const file = configFile ?? "wrangler.jsonc";
  return `add a module rule to ${file}: "rules": [{ "type": "Text", "globs": ["${glob}"] }] (type "Data" gives an ArrayBuffer instead of a string).`;
}

/** The specific fix for one esbuild error, or null when the generic one is all there is to say. */
export function bundleHint(text: string, notes: readonly string[], context: HintContext): Hint | null {
  const inBrowser = BROWSER_BUNDLE.test(text);
  const unresolved = /^Could not resolve "([^"]+)"/.exec(text);
  if (unresolved) {
    const specifier = unresolved[1]!;
    if (notes.some((note) => note.includes("is built into node"))) {
      return {
        code: "DORM_NODE_BUILTIN",
        fix: inBrowser
          ? `"${specifier}" is a Node module, which browsers do not have; use a browser API or a package made for browsers.`
          : `import it as "node:${specifier}", and add "nodejs_compat" to compatibility_flags in ${context.configFile ?? "your wrangler config"} (workerd provides the node: modules it supports).`,
      };
    }
    if (specifier.startsWith(".") || specifier.startsWith("/")) {
      return { code: "DORM_BUNDLE_FAILED", fix: `no file "${specifier}" exists from the file named above; check the path and its extension.` };
    }
    const name = packageOf(specifier);
    return { code: "DORM_MISSING_PACKAGE", fix: `install it: ${context.install} ${name}` };
  }
  const loader = /^No loader is configured for "(\.[^"]+)" files/.exec(text);
  if (loader) {
    const extension = loader[1]!;
    return {
      code: "DORM_NO_LOADER",
      fix: inBrowser
        ? `browser bundles load scripts, CSS, JSON, images and fonts; serve a ${extension} file from the worker instead (import it there, with a module rule), or fetch it at run time.`
        : ruleToAdd(context.configFile, extension),
    };
  }
  return null;
}

const LOCKFILES: readonly (readonly [string, string])[] = [
  ["pnpm-lock.yaml", "pnpm add"],
  ["yarn.lock", "yarn add"],
  ["bun.lock", "bun add"],
  ["bun.lockb", "bun add"],
  ["package-lock.json", "npm install"],
];

/** The install command of the package manager whose lockfile is nearest the app (npm when none is). */
export function installCommand(root: string): string {
  for (let dir = root; ; dir = dirname(dir)) {
    const found = LOCKFILES.find(([file]) => existsSync(join(dir, file)));
    if (found) return found[1];
    if (dirname(dir) === dir) return "npm install";
  }
}
