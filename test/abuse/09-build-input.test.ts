// Item 9: build input that escaped the checks. Object files named durable-object.ts or
// object-host.ts collided with the generated entry's own identifiers; a1b.ts and a-1b.ts both
// became class A1b and the collision check missed it (errors pointed into .dorm/entry.js); a TOML
// inline table under durable_objects.bindings crashed ("existing is not iterable") and a string
// was spread into characters; a var or KV binding named like a generated binding passed;
// `methods: { hi: mk() }` (mk returning 42) passed build and load; `dorm new counter ../../evil`
// dropped the path and exited 0; a failed write left partial output, a .tmp file and a raw EISDIR.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { afterEach, describe, expect, it } from "vitest";
import { miniflareOptions } from "../../packages/build/src/local.js";
import { objectSource, outputFiles, runCli, tempApp, type TempApp } from "../../packages/build/test/temp-app.js";

let app: TempApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

const build = (root: string) => runCli(["build", "--root", root]);

const outputs = (root: string) => outputFiles(root);

/** The build fails with `code`, naming `file`, and writes nothing. */
function expectRefused(root: string, code: string, file: string): string {
  const before = outputs(root);
  const run = build(root);
  expect(run.status).toBe(1);
  // The file, with the line where dorm can point at it.
  expect(run.stderr).toMatch(new RegExp(`(^|\\n)${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(:\\d+)*: error\\[${code}\\]`));
  expect(run.stderr).toContain("fix: ");
  expect(run.stderr).not.toContain(".dorm/entry.js");
  expect(outputs(root)).toEqual(before);
  return run.stderr;
}

describe("9. build input that escaped the checks", () => {
  it("object files named after the entry's own identifiers (durable-object.ts, object-host.ts) build and run", async () => {
    app = await tempApp({
      "app/objects/durable-object.ts": objectSource("get(ctx) { return `durable ${ctx.name}`; }"),
      "app/objects/object-host.ts": objectSource("get(ctx) { return `host ${ctx.name}`; }"),
      "app/objects/register-objects.ts": objectSource("get(ctx) { return `register ${ctx.name}`; }"),
    });
    const run = build(app.root);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const mf = new Miniflare(await miniflareOptions(app.root));
    try {
      for (const [binding, says] of [["DURABLE_OBJECT", "durable"], ["OBJECT_HOST", "host"], ["REGISTER_OBJECTS", "register"]] as const) {
        const ns = await mf.getDurableObjectNamespace(binding);
        const stub = ns.get(ns.idFromName("x")) as unknown as { get(): Promise<string> };
        expect(await stub.get()).toBe(`${says} x`);
      }
    } finally {
      await mf.dispose();
    }
  });

  it("two files that make one class (a1b.ts, a-1b.ts): a collision naming both files", async () => {
    app = await tempApp({ "app/objects/a1b.ts": objectSource(), "app/objects/a-1b.ts": objectSource() });
    const stderr = expectRefused(app.root, "DORM_NAME_COLLISION", "app/objects/a1b.ts");
    expect(stderr).toContain('"app/objects/a1b.ts" and "app/objects/a-1b.ts" both map to the class A1b');
  });

  it("durable_objects.bindings as a TOML inline table, or a string: a config error, not a crash or a spread string", async () => {
    app = await tempApp({ "app/objects/counter.ts": objectSource(), "wrangler.toml": `name = "x"\ndurable_objects = { bindings = { name = "OTHER", class_name = "Other", script_name = "w" } }\n` });
    expect(expectRefused(app.root, "DORM_BAD_CONFIG", "wrangler.toml")).toContain("durable_objects.bindings must be a list of { name, class_name } entries, got a single table");
    await app.cleanup();
    app = await tempApp({ "app/objects/counter.ts": objectSource(), "wrangler.jsonc": `{ "durable_objects": { "bindings": "COUNTER" } }` });
    expect(expectRefused(app.root, "DORM_BAD_CONFIG", "wrangler.jsonc")).toContain("got a string");
  });

  it("a var or a KV binding under a generated binding's name: refused", async () => {
    app = await tempApp({ "app/objects/counter.ts": objectSource(), "wrangler.jsonc": `{ "vars": { "COUNTER": "1" } }` });
    expect(expectRefused(app.root, "DORM_CONFLICTING_BINDING", "wrangler.jsonc")).toContain("vars declares COUNTER, the name of the Durable Object binding dorm generates for app/objects/counter.ts");
    await app.write({ "wrangler.jsonc": `{ "kv_namespaces": [{ "binding": "COUNTER", "id": "abc" }] }` });
    expect(expectRefused(app.root, "DORM_CONFLICTING_BINDING", "wrangler.jsonc")).toContain("kv_namespaces declares COUNTER");
  });

  it("a method that is not a function (methods: { hi: mk() }): the worker refuses to load, naming it", async () => {
    app = await tempApp({
      "app/objects/counter.ts": `import { defineDurableObject } from "dorm";\nconst mk = () => 42;\nexport default defineDurableObject({\n  methods: { hi: mk() },\n});\n`,
    });
    expect(build(app.root).status).toBe(0);
    let logged = "";
    const mf = new Miniflare({
      ...(await miniflareOptions(app.root)),
      handleRuntimeStdio(stdout: Readable, stderr: Readable) {
        for (const stream of [stdout, stderr]) stream.on("data", (chunk: Buffer) => (logged += chunk.toString()));
      },
    } as never);
    const started = await mf.ready.then(
      () => true,
      () => false,
    );
    await mf.dispose().catch(() => undefined);
    expect(started).toBe(false);
    expect(logged).toMatch(/DORM_BAD_DEFINITION\] defineDurableObject: methods\.hi must be a function \(it becomes an RPC method\), got number/);
  });

  it("dorm new with a path (../../evil, /abs/x, a/b): refused, nothing written anywhere", async () => {
    app = await tempApp({ "package.json": `{ "name": "app" }` });
    const inside = join(app.root, "deep/er");
    mkdirSync(inside, { recursive: true });
    for (const name of ["../../evil", "/abs/x", "a/b"]) {
      const run = runCli(["new", "counter", name, "--root", inside]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`error[DORM_BAD_NAME] "${name}" is a path`);
    }
    expect(readdirSync(inside)).toEqual([]);
    expect(existsSync(join(app.root, "evil.ts"))).toBe(false);
    expect(readdirSync(app.root).sort()).toEqual(["deep", "package.json"]);
  });

  it("a write that fails (dist/wrangler.json is a folder): a BuildError naming it; every other output as it was, no .tmp", async () => {
    app = await tempApp({ "app/objects/counter.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    // The next build changes every output: a new object.
    await app.write({ "app/objects/room.ts": objectSource() });
    rmSync(join(app.root, "dist/wrangler.json"));
    mkdirSync(join(app.root, "dist/wrangler.json"));
    const before = outputs(app.root);
    const run = build(app.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^dist\/wrangler\.json: error\[DORM_WRITE_FAILED\] dist\/wrangler\.json is a folder/);
    expect(run.stderr).not.toContain("EISDIR");
    expect(outputs(app.root)).toEqual(before);
    expect([...outputs(app.root).keys()].filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(readFileSync(join(app.root, "dorm.migrations.json"), "utf8")).not.toContain("Room");
  });
});
