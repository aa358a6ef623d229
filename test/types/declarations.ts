// The declaration files a package publishes, and the `any` in them. Used by
// declarations.test.ts; pure but for reading files.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export interface PackageInfo {
  /** `dorm`, `@dorm/client`... */
  readonly name: string;
  /** The package's folder. */
  readonly dir: string;
  /** package.json `exports`: specifier → its `types` file, relative to `dir`. */
  readonly types: ReadonlyMap<string, string>;
}

export function readPackage(dir: string): PackageInfo {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; exports: Record<string, { types?: string }> };
  const types = new Map<string, string>();
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (target.types) types.set(subpath === "." ? pkg.name : `${pkg.name}${subpath.slice(1)}`, target.types);
  }
  return { name: pkg.name, dir, types };
}

/** `import`/`export ... from "x"`, `import("x")` and `/// <reference path="x" />` of a declaration file. */
export function specifiersOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\bfrom\s+["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|<reference\s+path=["']([^"']+)["']/g)) {
    found.push((match[1] ?? match[2] ?? match[3])!);
  }
  return found;
}

/** A relative specifier of a .d.ts (`./x.js`, `./x`, `./dir`) as the declaration file it names. */
export function declarationFile(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.(m|c)?js$/, ".d.$1ts"), `${base}.d.ts`, join(base, "index.d.ts"), base];
  return candidates.find((file) => file.endsWith(".d.ts") && existsSync(file)) ?? null;
}

/**
 * Each `any` written as a type in a declaration file: 1-based line and the line's text. Comments,
 * strings and template texts are left out first (a doc comment may say "any").
 */
export function anyTypes(text: string): { line: number; text: string }[] {
  const blanked = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, (span) => span.replace(/[^\n]/g, " "));
  const lines = text.split("\n");
  return blanked.split("\n").flatMap((line, i) => (/\bany\b/.test(line) ? [{ line: i + 1, text: lines[i]!.trim() }] : []));
}

/**
 * Every declaration file reachable from the entry files, following relative imports and imports
 * of the given packages (`dorm/protocol` from @dorm/client, say) through `resolvePackage`.
 */
export function reachable(entries: readonly string[], resolvePackage: (specifier: string) => string | null): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of specifiersOf(readFileSync(file, "utf8"))) {
      const next = specifier.startsWith(".") ? declarationFile(file, specifier) : resolvePackage(specifier);
      if (next && !seen.has(next)) queue.push(next);
    }
  }
  return [...seen].sort();
}
