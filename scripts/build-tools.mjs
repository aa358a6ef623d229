// Bundles @dorm/build's Node entry points (CLI, API, esbuild and Vite plugins) from TypeScript to
// packages/build/dist. Runs in well under a second; npm start, npm test and npm run bench call it.
import * as esbuild from "esbuild";

const dir = new URL("../packages/build/", import.meta.url).pathname;
await esbuild.build({
  absWorkingDir: dir,
  entryPoints: { cli: "src/cli.ts", index: "src/index.ts", esbuild: "src/plugins/esbuild.ts", vite: "src/plugins/vite.ts" },
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
});
