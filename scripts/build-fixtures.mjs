// Builds every app in app-fixtures/ with the dorm CLI, so that type tests (tsc over each
// fixture) see its generated .dorm/env.d.ts.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const cli = `${root}packages/build/bin/dorm.js`;
for (const fixture of readdirSync(`${root}app-fixtures`).sort()) {
  execFileSync(process.execPath, [cli, "build", "--root", `${root}app-fixtures/${fixture}`], { stdio: "inherit" });
}
