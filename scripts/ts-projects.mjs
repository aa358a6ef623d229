// Every TypeScript project the type-check covers, relative to the repository root: what
// scripts/typecheck.mjs checks and scripts/check-expect-errors.mjs goes through.
import { existsSync, readdirSync } from "node:fs";

const root = new URL("..", import.meta.url).pathname;
export const fixtures = readdirSync(`${root}app-fixtures`).sort();
export const projects = [
  "tsconfig.json",
  "packages/dorm/tsconfig.json",
  "packages/dorm/src/dev/page/tsconfig.json",
  "packages/dorm/test/app/tsconfig.json",
  "packages/dorm/test/realtime-app/tsconfig.json",
  "packages/dorm/test/porting-app/tsconfig.json",
  "packages/dorm/test/bare-app/tsconfig.json",
  "packages/testing/tsconfig.json",
  "packages/testing/test/app/tsconfig.json",
  "packages/client/tsconfig.json",
  "packages/client/test/tsconfig.json",
  "test/abuse/app/tsconfig.json",
  "test/abuse/tsconfig.json",
  "test/types/tsconfig.json",
  "test/types/tsconfig.node.json",
  "docs/porting/seed-002/tsconfig.json",
  "docs/porting/frameworks/tsconfig.json",
  "docs/porting/before/tsconfig.json",
  "docs/examples/tsconfig.json",
  ...fixtures.flatMap((f) => [`app-fixtures/${f}/tsconfig.json`, `app-fixtures/${f}/test/tsconfig.json`]).filter((p) => existsSync(`${root}${p}`)),
];
