// The packed-install test: dorm as a user gets it. Every package is packed (`npm pack`, whose
// prepack builds it); a fresh app in a temporary folder outside the repository installs only
// those tarballs and registry packages; then, with the Node that runs this script:
//   dorm new (every template) → dorm build → tsc (strict flags, skipLibCheck false) → the
//   scaffold's vitest tests → node --test with @dorm/testing and @dorm/client (no loader flags)
//   → dorm dev answering a request (Ctrl-C leaves no dev.json) → wrangler deploy --dry-run →
//   wrangler dev answering a request → vite build with @dorm/build/vite beside
//   @cloudflare/vite-plugin (the lane's versions), deployed with --dry-run.
// The current lane adds (scripts/lanes/current.mjs):
//   --exports-histories  the declarative `migrations: "exports"` output of the migration property
//                        test's histories, checked by wrangler's own deploy --dry-run (>= 4.107);
//   --workers-pool       app-fixtures/counter's in-workerd tests (test-workers/, through
//                        @dorm/testing/workers) with vitest 4 and @cloudflare/vitest-pool-workers,
//                        as a copy inside the fresh app, type-checked first.
//
// usage: node scripts/lanes/packed-install.mjs [--exports-histories] [--workers-pool] [--keep]
import { cpSync, existsSync, readFileSync, statSync, writeFileSync, mkdirSync, rmSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, isCurrentLaneNode, run, withServer } from "./run-steps.mjs";
import { checkExportsHistories } from "./exports-histories.mjs";

const REPO = new URL("../..", import.meta.url).pathname;
const PACKAGES = ["dorm", "client", "build", "testing"];
/** `dorm new <template> <name>` for every template; the first one makes the app. */
const OBJECTS = [
  ["counter", "counter"],
  ["chat", "chat-room"],
  ["ratelimit", "limiter"],
  ["game", "lobby"],
  ["collab", "doc"],
  ["lock", "lease"],
];

const WORKER = `import { durableObjects, routeObjectRequest } from "dorm";
import greeting from "./greeting.txt";

// The app's own worker: two routes of its own (one answers with a Text module, through
// wrangler's module rules), the objects' default routes for the rest.
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/count") {
      return Response.json(await durableObjects.counter.get(url.searchParams.get("name") ?? "hits").increment());
    }
    if (url.pathname === "/greeting") return new Response(greeting);
    return routeObjectRequest(request);
  },
} satisfies ExportedHandler;
`;
const GREETING = "hello from a Text module";
const MODULE_TYPES = `declare module "*.txt" {\n  const text: string;\n  export default text;\n}\n`;

const NODE_TEST = `// @ts-check
// Plain Node, no vitest, no loader flags: @dorm/testing and @dorm/client as published.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ErrorCode } from "@dorm/client";
import { createTestApp } from "@dorm/testing";

const root = new URL("..", import.meta.url);

test("a typed call, a thrown error with its message, restart()", async () => {
  const app = await createTestApp({ root });
  try {
    const views = app.durableObjects.counter.get("views");
    /** @type {number} */
    const two = await views.increment(2);
    assert.equal(two, 2);
    await assert.rejects(views.increment(1.5), (error) => error instanceof Error && /integer/.test(error.message));
    await app.restart();
    assert.equal(await app.durableObjects.counter.get("views").get(), 2);
    // app/worker.ts answers with a Text module (wrangler's module rules) from the test bundle too.
    assert.equal(await (await app.fetch("/greeting")).text(), "hello from a Text module");
  } finally {
    await app.dispose();
  }
});

test("@dorm/client over a WebSocket, typed from the chat object", async () => {
  const app = await createTestApp({ root });
  try {
    /** @type {import("@dorm/client").DormClient<typeof import("../app/objects/chat-room.ts").default>} */
    const client = app.client("/objects/chat-room/lobby?name=ada");
    await client.ready();
    const saved = await client.call.post({ text: "hello from node --test" });
    assert.equal(saved.text, "hello from node --test");
    assert.equal(typeof ErrorCode, "object");
    client.close();
  } finally {
    await app.dispose();
  }
});

// Never called: tsc (checkJs) proves the calls above are typed.
/** @param {Awaited<ReturnType<typeof createTestApp>>} app */
function typed(app) {
  // @ts-expect-error increment takes a number
  void app.durableObjects.counter.get("x").increment("two");
}
void typed;
`;

const VITE_CONFIG = `import { cloudflare } from "@cloudflare/vite-plugin";
import { cloudflareConfigPath, dorm } from "@dorm/build/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [dorm(), cloudflare({ configPath: cloudflareConfigPath, inspectorPort: false })],
});
`;

const NODE_TEST_TSCONFIG = {
  extends: "../test/tsconfig.json",
  compilerOptions: { allowJs: true, checkJs: true },
  include: ["*.js", "../.dorm/env.d.ts"],
};

const args = new Set(process.argv.slice(2));
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), "dorm-packed-"));
const tarballs = join(work, "tarballs");
const app = join(work, "app");
const figures = { node: process.version, tarballs: {}, installMs: 0 };
console.log(`packed-install: Node ${process.version}, in ${work}`);

try {
  // 1. The tarballs, as `npm publish` would make them (prepack builds each package).
  mkdirSync(tarballs);
  const pack = await run("npm", ["pack", "--json", "--pack-destination", tarballs, ...PACKAGES.flatMap((p) => ["--workspace", `packages/${p}`])], { cwd: REPO });
  const packed = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("[")));
  for (const entry of packed) expectMatch(pack.output, new RegExp(`> ${entry.name}@${entry.version} prepack`), `npm pack of ${entry.name} (its prepack builds it)`);
  for (const entry of packed) figures.tarballs[entry.name] = { file: entry.filename, packed: entry.size, unpacked: entry.unpackedSize, files: entry.entryCount };
  const tarball = (name) => join(tarballs, figures.tarballs[name].file);
  for (const entry of packed) {
    const files = new Set(entry.files.map((f) => f.path));
    for (const needed of ["dist/index.js", "dist/index.d.ts", "dist/index.d.ts.map", "LICENSE", "README.md"]) {
      if (!files.has(needed)) throw new Error(`${entry.name}: the tarball has no ${needed}`);
    }
  }

  // 2. `dorm new` in an empty folder makes the app; the CLI comes from the tarballs alone.
  const scaffold = join(work, "scaffold");
  await run("npm", ["install", "--prefix", scaffold, "--omit=peer", tarball("@dorm/build"), tarball("dorm")], { cwd: work });
  const [first, ...more] = OBJECTS;
  await run(process.execPath, [join(scaffold, "node_modules/@dorm/build/bin/dorm.js"), "new", first[0], first[1], "--root", app], { cwd: work });

  // 3. The app's install: the four tarballs, everything else from the registry.
  const install = await run("npm", ["install", ...PACKAGES.map((p) => tarball(p === "dorm" ? "dorm" : `@dorm/${p}`))], { cwd: app });
  figures.installMs = install.ms;
  const dorm = (...rest) => run(process.execPath, [join(app, "node_modules/@dorm/build/bin/dorm.js"), ...rest], { cwd: app });
  for (const [template, name] of more) await dorm("new", template, name);
  writeFileSync(join(app, "app/worker.ts"), WORKER);
  writeFileSync(join(app, "app/greeting.txt"), GREETING);
  writeFileSync(join(app, "app/modules.d.ts"), MODULE_TYPES);
  await dorm("build");

  // 4. Types: the app with the strict flags and skipLibCheck false (dorm's .d.ts included), the
  //    tests, and the plain-Node test file (checkJs).
  const tsc = join(app, "node_modules/typescript/bin/tsc");
  const strict = JSON.parse(readFileSync(join(app, "tsconfig.json"), "utf8")).compilerOptions;
  for (const flag of ["strict", "exactOptionalPropertyTypes", "noUncheckedIndexedAccess", "noPropertyAccessFromIndexSignature", "verbatimModuleSyntax", "erasableSyntaxOnly"]) {
    if (strict[flag] !== true) throw new Error(`the scaffold's tsconfig.json does not set ${flag}`);
  }
  if (strict.skipLibCheck !== false) throw new Error("the scaffold's tsconfig.json does not set skipLibCheck: false");
  mkdirSync(join(app, "node-test"));
  writeFileSync(join(app, "node-test/app.test.js"), NODE_TEST);
  writeFileSync(join(app, "node-test/tsconfig.json"), JSON.stringify(NODE_TEST_TSCONFIG, null, 2));
  for (const project of [".", "test", "node-test"]) await run(process.execPath, [tsc, "--noEmit", "-p", project], { cwd: app });

  // 5. The scaffold's tests (vitest), then the plain-Node test: no vitest, no loader flags.
  const vitest = await run(process.execPath, [join(app, "node_modules/vitest/vitest.mjs"), "run"], { cwd: app });
  expectMatch(vitest.output, /Test Files\s+6 passed/, "the scaffold's vitest run");
  const nodeTest = await run(process.execPath, ["--test", "--test-reporter=tap", join(app, "node-test/app.test.js")], { cwd: app });
  expectMatch(nodeTest.output, /# fail 0/, "node --test");
  expectMatch(nodeTest.output, /# pass 2/, "node --test");

  // 6. dorm dev on a free port answers; Ctrl-C leaves no dev.json; dist/ is not touched.
  const distBefore = snapshot(join(app, "dist"));
  await withServer(process.execPath, [join(app, "node_modules/@dorm/build/bin/dorm.js"), "dev", "--port", String(await freePort())], { cwd: app, ready: /dorm dev: serving .* at (http:\/\/\S+)/ }, async (url, _output, child) => {
    await expectAnswers(url);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    if ((await exited) !== 0) throw new Error("dorm dev did not exit 0 on Ctrl-C");
    if (existsSync(join(app, ".wrangler/dorm/dev.json"))) throw new Error("dorm dev left .wrangler/dorm/dev.json behind");
  });
  if (JSON.stringify(snapshot(join(app, "dist"))) !== JSON.stringify(distBefore)) throw new Error("dorm dev changed dist/");
  console.log("  ok           dorm dev answered; Ctrl-C removed dev.json; dist/ unchanged");

  // 7. wrangler, on what dorm build wrote (through .wrangler/deploy/config.json).
  const wrangler = join(app, "node_modules/wrangler/bin/wrangler.js");
  await run(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", join(work, "wrangler-out")], { cwd: app });
  const port = await freePort();
  await withServer(
    process.execPath,
    [wrangler, "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort()), "--show-interactive-dev-session=false"],
    { cwd: app, ready: new RegExp(`Ready on (http://127\\.0\\.0\\.1:${port})`) },
    (url) => expectAnswers(url),
  );
  console.log("  ok           wrangler dev answered");

  // 8. The Vite route (docs/vite.md), with the lane's Vite and Cloudflare plugin: the repository's
  //    own versions on Node 20, scripts/lanes/current's on the current lane.
  const vitePins = JSON.parse(readFileSync(join(REPO, isCurrentLaneNode() ? "scripts/lanes/current/package.json" : "package.json"), "utf8")).devDependencies;
  await run("npm", ["install", "--save-dev", `vite@${vitePins.vite}`, `@cloudflare/vite-plugin@${vitePins["@cloudflare/vite-plugin"]}`], { cwd: app });
  writeFileSync(join(app, "vite.config.ts"), VITE_CONFIG);
  await run(process.execPath, [join(app, "node_modules/vite/bin/vite.js"), "build"], { cwd: app });
  await run(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", join(work, "vite-out")], { cwd: app });

  if (args.has("--exports-histories")) await checkExportsHistories(app, wrangler, join(app, "histories"));

  if (args.has("--workers-pool")) {
    const { devDependencies } = JSON.parse(readFileSync(join(REPO, "scripts/lanes/current/package.json"), "utf8"));
    const pool = "@cloudflare/vitest-pool-workers";
    await run("npm", ["install", "--save-dev", `${pool}@${devDependencies[pool]}`], { cwd: app });
    const fixture = join(app, "fixture-counter");
    for (const part of ["app", "test-workers", "wrangler.jsonc", "dorm.migrations.json"]) cpSync(join(REPO, "app-fixtures/counter", part), join(fixture, part), { recursive: true });
    await dorm("build", "--root", fixture);
    await run(process.execPath, [tsc, "--noEmit", "-p", "test-workers"], { cwd: fixture });
    const inWorkerd = await run(process.execPath, [join(app, "node_modules/vitest/vitest.mjs"), "run", "--config", "test-workers/vitest.config.ts"], { cwd: fixture });
    expectMatch(inWorkerd.output, /Tests\s+2 passed/, "app-fixtures/counter's tests inside workerd");
    for (const line of inWorkerd.output.split("\n").filter((l) => /✓|Tests\s/.test(l))) console.log(`      ${line.trim()}`);
  }

  console.log(`\npacked-install: green in ${((Date.now() - started) / 1000).toFixed(0)} s on Node ${process.version}`);
  console.log(`  fresh app install (npm install of the 4 tarballs + registry packages): ${(figures.installMs / 1000).toFixed(1)} s`);
  for (const [name, t] of Object.entries(figures.tarballs)) {
    console.log(`  ${name.padEnd(14)} ${(t.packed / 1024).toFixed(1).padStart(6)} kB packed, ${(t.unpacked / 1024).toFixed(1).padStart(6)} kB unpacked, ${t.files} files`);
  }
} finally {
  if (args.has("--keep")) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

function expectMatch(text, pattern, what) {
  if (!pattern.test(text)) throw new Error(`${what}: expected ${pattern} in its output:\n${text}`);
}

/** The worker's own routes answer (WORKER above): a new counter's first count, and the Text module. */
async function expectAnswers(base) {
  for (const [path, expected] of [[`/count?name=${Math.random().toString(36).slice(2)}`, "1"], ["/greeting", GREETING]]) {
    const response = await fetch(new URL(path, base));
    const body = await response.text();
    if (response.status !== 200 || body !== expected) throw new Error(`GET ${path} at ${base}: ${response.status} ${body}`);
  }
}

function snapshot(dir) {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true })
      .map(String)
      .sort()
      .filter((f) => statSync(join(dir, f)).isFile())
      .map((f) => [f, readFileSync(join(dir, f), "base64")]),
  );
}
