// Bundles the Node entry points of @dorm/build (CLI, API, esbuild and Vite plugins) and
// @dorm/testing from TypeScript to each package's dist/. Runs in well under a second; npm start,
// npm test and npm run bench call it.
import { readFileSync } from "node:fs";
import * as esbuild from "esbuild";

/**
 * Dependencies bundled into dist/ rather than imported: CommonJS packages that Node would
 * otherwise scan for their exports (cjs-module-lexer) on every start, which was most of a cold
 * `dorm build` (about 0.3 s for @babel/parser alone). Everything else stays an import.
 */
const BUNDLED = ["@babel/parser", "jsonc-parser", "smol-toml"];

/** The package's dependencies and peers, but BUNDLED, as esbuild externals (with their subpaths). */
function externals(dir) {
  const pkg = JSON.parse(readFileSync(new URL(`../packages/${dir}/package.json`, import.meta.url), "utf8"));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }).filter((name) => !BUNDLED.includes(name));
  return names.flatMap((name) => [name, `${name}/*`]);
}

const node = {
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // The ES module builds of the bundled packages (jsonc-parser's UMD build requires at run time).
  mainFields: ["module", "main"],
  sourcemap: "linked",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
};
await Promise.all([
  esbuild.build({
    ...node,
    absWorkingDir: new URL("../packages/build/", import.meta.url).pathname,
    external: externals("build"),
    entryPoints: { cli: "src/cli.ts", index: "src/index.ts", esbuild: "src/plugins/esbuild.ts", vite: "src/plugins/vite.ts" },
  }),
  esbuild.build({ ...node, absWorkingDir: new URL("../packages/testing/", import.meta.url).pathname, external: externals("testing"), entryPoints: { index: "src/index.ts" } }),
]);
