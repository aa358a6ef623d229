// Builds what each package publishes: tsc compiles packages/<name>/src to dist/ (ESM JavaScript,
// .d.ts, declaration maps, and source maps except for the runtime's; packages/<name>/tsconfig*.build.json),
// esbuild bundles the runtime per exports entry and the CLI with its CommonJS dependencies
// (below), then every target of the package's exports map is checked to exist. The exports map is the one list of entry points: adding a
// subpath there is all a new entry needs. Run by npm start, npm test (pretest), vitest's global
// setup, npm run bench, and each package's prepack (with its name: `build-packages.mjs dorm`).
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { promisify } from "node:util";
import * as esbuild from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const tsc = `${root}node_modules/typescript/bin/tsc`;
const ALL = ["dorm", "client", "build", "testing"];
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ALL;
const unknown = names.filter((n) => !ALL.includes(n));
if (unknown.length > 0) {
  console.error(`build-packages: unknown package ${unknown.join(", ")}; the packages are ${ALL.join(", ")}`);
  process.exit(1);
}

/**
 * Dependencies of `@dorm/build` that its CLI carries inside its bundle: small ones, whose ES module
 * builds cost less bundled than resolved and loaded file by file. Everything else stays an import.
 */
const CLI_BUNDLED = ["jsonc-parser", "smol-toml"];

/**
 * `dorm` (bin/dorm.js) starts from one bundle, dist/cli.js, with its commands
 * dist/cli-chunks/; the library entries stay tsc's modules. Replaces the dist/cli.js tsc emitted.
 */
async function bundleCli(dir, pkg) {
  const external = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies, ...pkg.optionalDependencies })
    .filter((name) => !CLI_BUNDLED.includes(name))
    .flatMap((name) => [name, `${name}/*`]);
  await esbuild.build({
    absWorkingDir: dir,
    entryPoints: [{ in: "src/cli.ts", out: "cli" }],
    outdir: "dist",
    bundle: true,
    splitting: true,
    chunkNames: "cli-chunks/[name]-[hash]",
    format: "esm",
    platform: "node",
    target: "node20",
    // The ES module builds of the bundled packages (jsonc-parser's UMD build requires at run time).
    mainFields: ["module", "main"],
    external,
    plugins: [requiredByNode(CLI_REQUIRED)],
    sourcemap: "linked",
    // The maps point at the files the package and its dependencies ship (src/, node_modules/):
    // no copy of their text, which would be most of the tarball (@babel/parser's alone is 1 MB).
    sourcesContent: false,
    legalComments: "none",
    logLevel: "warning",
  });
}

/**
 * CommonJS packages the CLI keeps outside its bundle, loaded with `require` as Node loads
 * CommonJS, instead of `import`, which makes Node lex the whole file for its export names on every
 * start (about 0.3 s for @babel/parser, 25 ms for esbuild). esbuild's JavaScript API finds its
 * binary from its own folder. @babel/parser is not bundled either: it is a dependency anyway (the
 * library entries use it), and a second copy in the CLI tripled the tarball (764 kB against
 * 275 kB packed) for a cold start no faster (13 interleaved `dorm build` runs: 0.98 and 1.04).
 */
const CLI_REQUIRED = ["esbuild", "@babel/parser"];

/**
 * An esbuild plugin: each of `names` imported by the bundle becomes `createRequire(...)(name)`,
 * with the export names the package has here (this script loads it the same way).
 */
function requiredByNode(names) {
  const filter = new RegExp(`^(?:${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})$`);
  return {
    name: "required-by-node",
    setup(build) {
      build.onResolve({ filter }, (args) => (args.namespace === "required-by-node" ? undefined : { path: args.path, namespace: "required-by-node" }));
      build.onLoad({ filter: /.*/, namespace: "required-by-node" }, (args) => {
        const names = Object.keys(createRequire(`${build.initialOptions.absWorkingDir}/`)(args.path)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default");
        return {
          contents: [
            `import { createRequire } from "node:module";`,
            `const required = createRequire(import.meta.url)(${JSON.stringify(args.path)});`,
            `export default required;`,
            `export const { ${names.join(", ")} } = required;`,
          ].join("\n"),
          loader: "js",
        };
      });
    },
  };
}

/**
 * The runtime (`dorm`) ships bundled: one file per entry of its exports map (the paths tsc gave
 * them), the code they share in dist/chunks/, instead of tsc's one file per module. An app's
 * bundler then reads about half as many files (21 instead of 37 for the counter app) and bundles
 * the counter's entry about a fifth faster. Not minified, and without source maps (esbuild would
 * chain them into every worker bundle, a third of its time): a stack frame inside the runtime points
 * at readable JavaScript. Tree-shaking is unchanged (ES modules, `sideEffects: false`). The
 * inspector page (an entry without types) is a browser script the dev server bundles: tsc's
 * output stays.
 */
async function bundleRuntime(dir, pkg) {
  // From tsc's JavaScript (the reference for how TypeScript compiles), to the same paths.
  const entries = Object.values(pkg.exports)
    .filter((conditions) => conditions.types)
    .map((conditions) => ({ in: conditions.default, out: conditions.default.replace(/^\.\/dist\//, "").replace(/\.js$/, "") }));
  const result = await esbuild.build({
    absWorkingDir: dir,
    entryPoints: entries,
    outdir: "dist",
    bundle: true,
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    format: "esm",
    platform: "neutral",
    target: "es2023",
    external: ["cloudflare:*", "node:*", ...Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })],
    legalComments: "none",
    logLevel: "warning",
    write: false,
  });
  const page = (file) => file.startsWith("dev/page/");
  const constants = new Set();
  for (const file of readdirSync(`${dir}/dist`, { recursive: true })) {
    if (!file.endsWith(".js") || page(file)) continue;
    for (const [, list] of readFileSync(`${dir}/dist/${file}`, "utf8").matchAll(CONSTANTS)) {
      for (const [, name] of list.matchAll(/([A-Za-z_$][\w$]*) = /g)) constants.add(name);
    }
    rmSync(`${dir}/dist/${file}`);
  }
  for (const output of result.outputFiles) {
    mkdirSync(dirname(output.path), { recursive: true });
    writeFileSync(output.path, withConstants(withoutBareChunkImports(output.text), constants));
  }
}

/** Top-level constants holding numbers, booleans or null, as tsc writes them (`const A = 1, B = 2;`). */
const LITERAL = String.raw`(?:-?\d[\w.]*|true|false|null)`;
const CONSTANTS = new RegExp(String.raw`^(?:export )?const ((?:[A-Za-z_$][\w$]* = ${LITERAL}, )*[A-Za-z_$][\w$]* = ${LITERAL});(?:\s*//.*)?$`, "gm");

/**
 * esbuild writes a bundle's top-level `const` as `var`, and an app's bundler inlines only a
 * `const` (the runtime's limits, `MAX_TAG_LENGTH = 256`, are read across modules): a top-level
 * `var` holding a number, boolean or null that tsc wrote as a `const` (`constants`) and that
 * nothing in the file assigns again is a `const` again. Without this the raw-WebSocket app's
 * worker grew 25 B gzip.
 */
function withConstants(text, constants) {
  return text.replace(new RegExp(String.raw`^var ([A-Za-z_$][\w$]*) = (${LITERAL});$`, "gm"), (line, name, value) => {
    if (!constants.has(name)) return line;
    const id = `(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`;
    // `name = `, `name += ` (any compound operator), `name++`, `++name`; the declaration is one.
    const writes = new RegExp(`${id}\\s*(?:[-+*/%&|^]|\\*\\*|<<|>>>?|&&|\\|\\||\\?\\?)?=(?!=)|${id}\\s*(?:\\+\\+|--)|(?:\\+\\+|--)\\s*${id}`, "g");
    return [...text.matchAll(writes)].length === 1 ? `const ${name} = ${value};` : line;
  });
}

/**
 * esbuild's code splitting orders chunks with `import "./chunks/x.js"` lines where an entry uses
 * none of a chunk's exports. The package has no side effects, so every bundler drops them, and
 * esbuild warns about each (ignored-bare-import) in every app build: they go.
 */
function withoutBareChunkImports(text) {
  return text.replace(/^import "\.{1,2}\/(?:\.\.\/)*chunks\/[\w-]+\.js";\n/gm, "");
}

const BUNDLES = { build: bundleCli, dorm: bundleRuntime };

/** Every file an exports map points at (each condition's target), from the package folder. */
function exportTargets(exports) {
  if (typeof exports === "string") return [exports];
  return Object.values(exports ?? {}).flatMap((value) => exportTargets(value));
}

async function build(name) {
  const dir = `${root}packages/${name}`;
  // A source file removed or renamed must not leave its old output behind in the tarball.
  rmSync(`${dir}/dist`, { recursive: true, force: true });
  // tsconfig.build.json, then any other tsconfig.<part>.build.json (a part with other libraries:
  // the runtime's inspector page runs in browsers).
  const projects = readdirSync(dir).filter((f) => /^tsconfig\.(\w+\.)?build\.json$/.test(f)).sort((a, b) => a.length - b.length);
  for (const project of projects) {
    try {
      await promisify(execFile)(process.execPath, [tsc, "-p", `${dir}/${project}`], { cwd: root });
    } catch (error) {
      throw new Error(`packages/${name}: tsc -p ${project} failed\n${error.stdout}${error.stderr}`);
    }
  }
  // Stylesheets are imported by compiled code but not emitted by tsc.
  cpSync(`${dir}/src`, `${dir}/dist`, { recursive: true, filter: (path) => !/\.[^/]+$/.test(path) || path.endsWith(".css") });
  const pkg = JSON.parse(readFileSync(`${dir}/package.json`, "utf8"));
  try {
    await BUNDLES[name]?.(dir, pkg);
  } catch (error) {
    throw new Error(`packages/${name}: esbuild failed\n${error.message}`);
  }
  // Only the "source" condition (this repository's tsc) may name TypeScript: Node, bundlers and a
  // user's tsc must get the built files, or one app would bundle two copies of a module.
  const unbuilt = Object.entries(pkg.exports ?? {}).filter(([, conditions]) =>
    Object.entries(conditions).some(([condition, target]) => condition !== "source" && /(?<!\.d)\.ts$/.test(target)),
  );
  if (unbuilt.length > 0) {
    throw new Error(`packages/${name}: exports ${unbuilt.map(([path]) => `"${path}"`).join(", ")} name TypeScript sources; write each as { "source": "./src/x.ts", "types": "./dist/x.d.ts", "default": "./dist/x.js" }`);
  }
  const missing = exportTargets(pkg.exports).filter((target) => !existsSync(`${dir}/${target}`));
  if (missing.length > 0) throw new Error(`packages/${name}: the exports map names files the build did not produce: ${missing.join(", ")}`);
}

// Each compiles against the others' sources (the "source" condition), so all can run at once.
const results = await Promise.allSettled(names.map(build));
const failures = results.filter((r) => r.status === "rejected");
for (const failure of failures) console.error(failure.reason.message);
if (failures.length > 0) process.exit(1);
