// Vitest's global setup (every project names it): build the packages once per run, so tests load
// what ships (each package's dist/, which esbuild also bundles into the apps' workers) and never a
// build older than the sources.
import { execFileSync } from "node:child_process";

export default function setup() {
  globalThis.dormPackagesBuilt ??= execFileSync(process.execPath, [new URL("build-packages.mjs", import.meta.url).pathname], { stdio: "inherit" });
}
