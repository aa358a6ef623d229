// tsc --noEmit over every TypeScript project: Node-side code (root tsconfig), the workerd
// runtime, and each app fixture (whose type tests use @ts-expect-error). Workers and Node
// typings conflict, hence one project per side.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
const tsc = `${root}node_modules/typescript/bin/tsc`;
const projects = [
  "tsconfig.json",
  "packages/dorm/tsconfig.json",
  "packages/dorm/test/app/tsconfig.json",
  "packages/dorm/test/realtime-app/tsconfig.json",
  "packages/client/tsconfig.json",
  ...readdirSync(`${root}app-fixtures`)
    .sort()
    .map((f) => `app-fixtures/${f}/tsconfig.json`)
    .filter((p) => existsSync(`${root}${p}`)),
];
let failed = false;
for (const project of projects) {
  try {
    execFileSync(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: root, stdio: "inherit" });
  } catch {
    failed = true;
  }
}
if (failed) process.exit(1);
console.log(`typecheck: ${projects.length} projects OK`);
