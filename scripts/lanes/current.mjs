// The current toolchain lane: Node >= 22.12 (this machine's own when it is that new, else the
// official Node 24 build from the npm registry, `node-<platform>-<arch>`, installed once into a
// cache folder), the newest wrangler 4.x, vitest 4 and @cloudflare/vitest-pool-workers, pinned by
// scripts/lanes/current/package.json and its lock (installed here; `dorm new` writes
// the same versions, scaffold/toolchains.ts). On that Node it runs the packed-install test, plus
// the exports histories checked by wrangler and app-fixtures/counter's tests inside workerd.
//
// usage: npm run test:current        (DORM_LANE_CACHE sets the cache folder)
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

import { spawnSync } from "node:child_process";
import { isCurrentLaneNode, run } from "./run-steps.mjs";

const NODE_VERSION = "24.22.3";
const LANE = new URL("current/", import.meta.url).pathname;
const REPO = new URL("../../", import.meta.url).pathname;

const started = Date.now();

/** The Node the lane runs on: this one if new enough, else Node 24 from the registry (cached). */
async function laneNode() {
  if (isCurrentLaneNode()) return process.execPath;
  const cache = process.env.DORM_LANE_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "dorm-lanes");
  const name = `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;
  const dir = join(cache, `${name}-${NODE_VERSION}`);
  const node = join(dir, "node_modules", name, "bin", process.platform === "win32" ? "node.exe" : "node");
  if (!existsSync(node)) {
    mkdirSync(dir, { recursive: true });
    await run("npm", ["install", "--prefix", dir, "--no-save", `${name}@${NODE_VERSION}`], { cwd: dir });
  }
  return node;
}

const node = await laneNode();
if (node !== process.execPath) {
  // Everything below runs again on the lane's Node.
  console.log(`current lane: this is Node ${process.version}; running on ${node}`);
  const result = spawnSync(node, [new URL(import.meta.url).pathname, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}

console.log(`current lane: Node ${process.version}`);
// `npm install`, which keeps to the lock, rather than `npm ci`: vite 8 lists an optional
// Windows-only package that the registry does not have, so the lock cannot hold it and `npm ci`
// calls the two out of sync.
await run("npm", ["install"], { cwd: LANE });
const versions = (await run("npm", ["ls", "--depth=0", "--json"], { cwd: LANE, quiet: true })).stdout;
for (const [name, { version }] of Object.entries(JSON.parse(versions).dependencies)) console.log(`  ${name}@${version}`);

await run(process.execPath, [join(REPO, "scripts/lanes/packed-install.mjs"), "--exports-histories", "--workers-pool"], { cwd: REPO, stream: true });

console.log(`\ncurrent lane: green in ${((Date.now() - started) / 1000).toFixed(0)} s`);
