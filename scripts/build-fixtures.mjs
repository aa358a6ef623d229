// Builds every app the type-check covers (app-fixtures/*, the test apps of the runtime, of
// @dorm/testing and of the abuse suite, the apps docs/porting.md shows, the type tests' app) with
// the dorm CLI, so that tsc sees each one's generated .dorm/env.d.ts.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const cli = `${root}packages/build/bin/dorm.js`;
const apps = [
  ...readdirSync(`${root}app-fixtures`).sort().map((f) => `app-fixtures/${f}`),
  "packages/dorm/test/app",
  "packages/dorm/test/realtime-app",
  "packages/dorm/test/porting-app",
  "packages/dorm/test/bare-app",
  "packages/testing/test/app",
  "test/abuse/app",
  "test/types",
  "docs/porting/seed-002",
  "docs/porting/frameworks",
];
for (const app of apps) {
  execFileSync(process.execPath, [cli, "build", "--root", `${root}${app}`], { stdio: "inherit" });
}
