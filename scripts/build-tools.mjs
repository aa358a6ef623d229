// Bundles the Node entry points of @dorm/build (CLI, API, esbuild and Vite plugins) and
// @dorm/testing from TypeScript to each package's dist/. Runs in well under a second; npm start,
// npm test and npm run bench call it.
import * as esbuild from "esbuild";

const node = {
  outdir: "dist",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
};
await Promise.all([
  esbuild.build({
    ...node,
    absWorkingDir: new URL("../packages/build/", import.meta.url).pathname,
    entryPoints: { cli: "src/cli.ts", index: "src/index.ts", esbuild: "src/plugins/esbuild.ts", vite: "src/plugins/vite.ts" },
  }),
  esbuild.build({ ...node, absWorkingDir: new URL("../packages/testing/", import.meta.url).pathname, entryPoints: { index: "src/index.ts" } }),
]);
