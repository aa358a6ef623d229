// tsc --noEmit over every TypeScript project (scripts/ts-projects.mjs): Node-side code (root
// tsconfig), the workerd runtime, @dorm/testing, each app fixture (whose type tests use
// @ts-expect-error) with its tests, and test/types/ (one type-test file per area, with an app's
// strict flags). Workers and Node typings conflict, so app code is checked with Workers types
// alone; the tests, which run in Node and name the objects' types, have a project with both. Then
// the docs' examples: each code block marked `<!-- example: path -->` must be that checked file.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { checkDocExamples } from "./doc-examples.mjs";
import { fixtures, projects } from "./ts-projects.mjs";

const root = new URL("..", import.meta.url).pathname;
const tsc = `${root}node_modules/typescript/bin/tsc`;
let failed = false;
// Fixture tests are not in the root project: one without its own tsconfig would go unchecked.
for (const fixture of fixtures) {
  if (existsSync(`${root}app-fixtures/${fixture}/test`) && !existsSync(`${root}app-fixtures/${fixture}/test/tsconfig.json`)) {
    console.error(`app-fixtures/${fixture}/test has no tsconfig.json, so its tests are not type-checked: copy app-fixtures/counter/test/tsconfig.json (Node and Workers types, the app's .dorm/env.d.ts).`);
    failed = true;
  }
}
for (const project of projects) {
  try {
    execFileSync(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: root, stdio: "inherit" });
  } catch {
    failed = true;
  }
}
const docs = readdirSync(`${root}docs`).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
for (const doc of ["README.md", ...docs.sort()]) {
  for (const problem of checkDocExamples(root, doc)) {
    console.error(problem);
    failed = true;
  }
}
if (failed) process.exit(1);
console.log(`typecheck: ${projects.length} projects OK`);
