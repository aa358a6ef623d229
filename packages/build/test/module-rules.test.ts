import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { miniflareOptions } from "../src/local.js";
import { objectSource, REPO, runCli, tempApp, type TempApp } from "./temp-app.js";

// wrangler's module rules in a dorm bundle, in real workerd: the defaults (.html/.txt/.sql as
// text, .bin as data, .wasm as a compiled module) and the app's own rules, as `wrangler deploy`
// and local runs load them.

// A WebAssembly module exporting add(i32, i32) -> i32.
const ADD_WASM = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61,
  0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
]);

const WORKER = `import page from "./assets/page.html";
import notes from "./assets/notes.txt";
import schema from "./assets/schema.sql";
import blob from "./assets/blob.bin";
import add from "./assets/add.wasm";
import addToo from "./assets/add.wasm?module";
import readme from "./assets/README.md";
import table from "./assets/table.csv";

const bytes = (data: ArrayBuffer) => Array.from(new Uint8Array(data));
const sum = (module: WebAssembly.Module) => (new WebAssembly.Instance(module).exports.add as (a: number, b: number) => number)(2, 3);

export default {
  fetch: () =>
    Response.json({
      page: [typeof page, page],
      notes: [typeof notes, notes],
      schema: [typeof schema, schema],
      blob: [blob instanceof ArrayBuffer, bytes(blob)],
      wasm: [add instanceof WebAssembly.Module, sum(add), sum(addToo)],
      readme: [typeof readme, readme],
      table: [table instanceof ArrayBuffer, bytes(table).length],
    }),
};
`;

const DECLARATIONS = `declare module "*.md" { const text: string; export default text; }
declare module "*.csv" { const data: ArrayBuffer; export default data; }
`;

let app: TempApp;
let mf: Miniflare | undefined;

beforeAll(async () => {
  app = await tempApp({
    "app/objects/room.ts": objectSource(),
    "app/worker.ts": WORKER,
    "app/modules.d.ts": DECLARATIONS,
    "app/assets/page.html": "<p>hello</p>\n",
    "app/assets/notes.txt": "some notes",
    "app/assets/schema.sql": "CREATE TABLE t (x);",
    "app/assets/README.md": "# read me",
    "app/assets/table.csv": "a,b\n1,2\n",
    // The app's own rules come first: .md as text, .csv as data (falling through to the default .bin rule).
    "wrangler.toml": `name = "rules-app"\ncompatibility_date = "2026-04-26"\n\n[[rules]]\ntype = "Text"\nglobs = ["**/*.md"]\nfallthrough = true\n\n[[rules]]\ntype = "Data"\nglobs = ["**/*.csv"]\nfallthrough = true\n`,
  });
  await app.write({ "app/assets/blob.bin": String.fromCharCode(1, 2, 3) });
  const { writeFile } = await import("node:fs/promises");
  await writeFile(join(app.root, "app/assets/add.wasm"), ADD_WASM);
  const run = runCli(["build", "--root", app.root]);
  expect(run.status, run.stderr).toBe(0);
});
afterAll(async () => {
  await mf?.dispose();
  await app?.cleanup();
});

describe("module rules in dorm's bundle", () => {
  it("each import is a module of its type in workerd: text, data, compiled wasm, and the app's rules", async () => {
    mf = new Miniflare(await miniflareOptions(app.root));
    const body = await (await mf.dispatchFetch("http://localhost/")).json();
    expect(body).toEqual({
      page: ["string", "<p>hello</p>\n"],
      notes: ["string", "some notes"],
      schema: ["string", "CREATE TABLE t (x);"],
      blob: [true, [1, 2, 3]],
      wasm: [true, 5, 5],
      readme: ["string", "# read me"],
      table: [true, 8],
    });
  });

  it("the modules sit beside the bundle, typed by wrangler's defaults; dist/wrangler.json needs no rules", () => {
    const modules = readdirSync(join(app.root, "dist/modules")).map((name) => name.replace(/^[0-9a-f]{40}-/, "")).sort();
    expect(modules).toEqual(["README.md.txt", "add.wasm", "blob.bin", "notes.txt", "page.html", "schema.sql", "table.csv.bin"]);
    const config = JSON.parse(readFileSync(join(app.root, "dist/wrangler.json"), "utf8"));
    expect(config.rules).toBeUndefined();
    // The Vite plugin's config is not bundled yet: it keeps the app's rules.
    expect(JSON.parse(readFileSync(join(app.root, ".dorm/wrangler.json"), "utf8")).rules).toHaveLength(2);
  });

  it("wrangler deploy --dry-run (pinned wrangler) uploads every module with its type", () => {
    const wrangler = join(REPO, "node_modules/wrangler/bin/wrangler.js");
    const outdir = join(REPO, ".tmp/dry-run", randomUUID());
    const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", WRANGLER_LOG: "warn" };
    const run = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", outdir], { cwd: app.root, encoding: "utf8", env });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const uploaded = readdirSync(join(outdir, "modules")).map((name) => name.replace(/^[0-9a-f]{40}-/, "")).sort();
    expect(uploaded).toEqual(["README.md.txt", "add.wasm", "blob.bin", "notes.txt", "page.html", "schema.sql", "table.csv.bin"]);
  });
});
