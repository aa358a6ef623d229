import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anyTypes, reachable, readPackage, type PackageInfo } from "./declarations.js";

// No `any` in the public declarations of any package: every .d.ts a package's `exports` reach,
// through its own imports and the other dorm packages'. A package whose exports name .d.ts files
// is scanned as it ships; one that still names its TypeScript sources has its declarations
// emitted here by tsc (--declaration --emitDeclarationOnly), as a compiled package would ship them.
const repo = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(repo, "node_modules/typescript/bin/tsc");
/** Each package, and the tsconfig its sources are checked with (its type environment). */
const PACKAGES: readonly { dir: string; tsconfig: string }[] = [
  { dir: "packages/dorm", tsconfig: "packages/dorm/tsconfig.json" },
  { dir: "packages/client", tsconfig: "packages/client/tsconfig.json" },
  { dir: "packages/testing", tsconfig: "packages/testing/tsconfig.json" },
  { dir: "packages/build", tsconfig: "tsconfig.json" },
];

let out: string;
const packages: PackageInfo[] = PACKAGES.map((p) => readPackage(join(repo, p.dir)));

/** Where the declaration of a package's `types` file is: as shipped, or as emitted for it here. */
function declarationOf(pkg: PackageInfo, types: string): string {
  const shipped = join(pkg.dir, types);
  if (types.endsWith(".d.ts")) return shipped;
  return join(out, String(packages.indexOf(pkg)), relative(join(repo, "packages"), shipped)).replace(/\.ts$/, ".d.ts");
}

/** The public declaration files of one package, with the other packages' it reaches. */
function publicDeclarations(index: number): string[] {
  const resolvePackage = (specifier: string): string | null => {
    for (const pkg of packages) {
      const types = pkg.types.get(specifier);
      if (types) return declarationOf(pkg, types);
    }
    return null;
  };
  const pkg = packages[index]!;
  return reachable([...pkg.types.values()].map((types) => declarationOf(pkg, types)), resolvePackage);
}

beforeAll(async () => {
  // Inside the repository (.tmp/ is ignored): the configs resolve their `types` from node_modules.
  await mkdir(join(repo, ".tmp"), { recursive: true });
  out = await mkdtemp(join(repo, ".tmp/dts-"));
  for (const [index, { dir, tsconfig }] of PACKAGES.entries()) {
    if ([...packages[index]!.types.values()].every((types) => types.endsWith(".d.ts"))) continue;
    // Emitted with the package's own type environment. The dorm packages it imports are its
    // dependencies (reached through node_modules, so not emitted here): each has its own run.
    const config = join(out, `tsconfig.${index}.json`);
    // The package's own excludes still apply (a browser page with its own project, say).
    const own = JSON.parse(readFileSync(join(repo, tsconfig), "utf8")) as { exclude?: string[] };
    const excluded = (own.exclude ?? []).map((pattern) => join(repo, dirname(tsconfig), pattern));
    await writeFile(
      config,
      JSON.stringify({
        extends: join(repo, tsconfig),
        compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: join(out, String(index)), rootDir: join(repo, "packages") },
        include: [join(repo, dir, "src")],
        exclude: [...excluded, join(repo, "packages/*/src/**/*.test.ts")],
      }),
    );
    try {
      execFileSync(process.execPath, [tsc, "-p", config], { cwd: repo, encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      throw new Error(`tsc could not emit the declarations of ${dir}:\n${(error as { stdout?: string }).stdout ?? ""}`);
    }
  }
});
afterAll(() => (out ? rm(out, { recursive: true, force: true }) : undefined));

describe("published declarations", () => {
  it("the scan finds an `any` written as a type, and not one in a comment or a string", () => {
    const found = anyTypes(['/** Accepts any value. */', 'export declare function f(x: any): "any";', "export type T = `${string} any`;", "export type U = Record<string, any>;"].join("\n"));
    expect(found).toEqual([
      { line: 2, text: 'export declare function f(x: any): "any";' },
      { line: 4, text: "export type U = Record<string, any>;" },
    ]);
  });

  for (const [index, { dir }] of PACKAGES.entries()) {
    it(`${packages[index]!.name} (${dir}): no any in its public declarations`, () => {
      const files = publicDeclarations(index);
      // The entry points themselves were found (a wrong path would make this pass vacuously).
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expect(existsSync(file), file).toBe(true);
      const offenders = files.flatMap((file) => anyTypes(readFileSync(file, "utf8")).map((hit) => `${relative(out, file)}:${hit.line}: ${hit.text}`));
      expect(offenders).toEqual([]);
    });
  }
});
