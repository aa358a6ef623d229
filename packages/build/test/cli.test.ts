import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { objectSource, OUTPUT_DIRS, outputFiles, runCli, tempApp, type TempApp } from "./temp-app.js";

let app: TempApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

/** Every file a build produces, with its mtime. */
function outputs(root: string): Map<string, number> {
  const found = outputFiles(root, OUTPUT_DIRS, (path) => statSync(path).mtimeMs);
  if (existsSync(join(root, "dorm.migrations.json"))) found.set("dorm.migrations.json", statSync(join(root, "dorm.migrations.json")).mtimeMs);
  return found;
}

const build = (root: string) => runCli(["build", "--root", root]);

describe("dorm build: bad input → exit 1, file, line and fix, nothing written", () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ["no default export", { "app/objects/room.ts": `import { defineDurableObject } from "dorm";\nexport const room = defineDurableObject({});\n` }, /app\/objects\/room\.ts(:\d+)?.*DORM_NO_DEFAULT_EXPORT/],
    ["default export not made by defineDurableObject", { "app/objects/room.ts": `\nexport default { methods: {} };\n` }, /app\/objects\/room\.ts:2:16: error\[DORM_NOT_A_DEFINITION\]/],
    ["reserved method name", { "app/objects/room.ts": objectSource("get(ctx) { return 1; },\n    fetch(ctx) { return 2; },") }, /app\/objects\/room\.ts:7:5: error\[DORM_RESERVED_METHOD\]/],
    ["file name with a space", { "app/objects/Chat Room.ts": objectSource() }, /app\/objects\/Chat Room\.ts: error\[DORM_BAD_FILE_NAME\][^]*fix: rename the file to "chat-room\.ts"/],
    ["file name starting with a digit", { "app/objects/1room.ts": objectSource() }, /app\/objects\/1room\.ts: error\[DORM_BAD_FILE_NAME\]/],
    ["two files, one binding", { "app/objects/chat-room.ts": objectSource(), "app/objects/chatRoom.ts": objectSource() }, /DORM_NAME_COLLISION[^]*CHAT_ROOM/],
    ["syntax error", { "app/objects/room.ts": `import { defineDurableObject } from "dorm";\nexport default defineDurableObject({\n  methods: { get(ctx) { return 1 }\n});\n` }, /app\/objects\/room\.ts:4:\d+: error\[DORM_SYNTAX_ERROR\]/],
    ["syntax error in the worker", { "app/objects/room.ts": objectSource(), "app/worker.ts": `export default { fetch( };\n` }, /app\/worker\.ts:1:\d+: error\[DORM_BUNDLE_FAILED\]/],
    ["a package that is not installed", { "app/objects/room.ts": `import pad from "left-pad-not-installed/lib";\n${objectSource()}` }, /app\/objects\/room\.ts:1:\d+: error\[DORM_MISSING_PACKAGE\][^]*fix: install it: npm install left-pad-not-installed\n/],
    ["a file type no rule covers", { "app/objects/room.ts": objectSource(), "app/worker.ts": `import notes from "./notes.md";\nexport default { fetch: () => new Response(String(notes)) };\n`, "app/notes.md": "# notes\n", "wrangler.toml": `name = "x"\n` }, /app\/worker\.ts:1:\d+: error\[DORM_NO_LOADER\][^]*fix: add a module rule to wrangler\.toml:\n    \[\[rules\]\]\n    type = "Text"\n    globs = \["\*\*\/\*\.md"\]/],
    ["unresolvable import", { "app/objects/room.ts": `import { x } from "./_missing.ts";\n${objectSource()}` }, /app\/objects\/room\.ts:1:\d+: error\[DORM_BUNDLE_FAILED\][^]*_missing/],
    ["two bindings for a generated class", { "app/objects/room.ts": objectSource(), "wrangler.jsonc": `{ "durable_objects": { "bindings": [\n{ "name": "ROOMS", "class_name": "Room" },\n{ "name": "LOBBIES", "class_name": "Room" }] } }` }, /wrangler\.jsonc:3:\d+: error\[DORM_CONFLICTING_BINDING\]/],
    ["a compatibility date without RPC", { "app/objects/room.ts": objectSource(), "wrangler.toml": `name = "x"\ncompatibility_date = "2024-01-01"\n` }, /wrangler\.toml:2:\d+: error\[DORM_OLD_COMPATIBILITY_DATE\][^]*fix: set compatibility_date = "20/],
    ["broken wrangler.jsonc", { "app/objects/room.ts": objectSource(), "wrangler.jsonc": `{\n  "name": "x",\n  "vars": { ]\n}` }, /wrangler\.jsonc:3:\d+: error\[DORM_BAD_CONFIG\]/],
  ];

  it.each(cases)("%s", async (_, files, expected) => {
    app = await tempApp(files);
    const run = build(app.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).toContain("fix: ");
    expect(run.stderr).toContain("nothing was written");
    expect(outputs(app.root).size).toBe(0);
    expect(existsSync(join(app.root, "dist"))).toBe(false);
  });

  it("a failed build leaves the previous build's output untouched", async () => {
    app = await tempApp({ "app/objects/room.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    const before = outputs(app.root);
    await app.write({ "app/objects/room.ts": objectSource("fetch(ctx) {}") });
    expect(build(app.root).status).toBe(1);
    expect(outputs(app.root)).toEqual(before);
  });
});

describe("dorm build: outputs", () => {
  it("a second build with no source change writes no file", async () => {
    app = await tempApp({ "app/objects/room.ts": objectSource(), "wrangler.jsonc": `{ "name": "t" }` });
    const first = build(app.root);
    expect(first.status).toBe(0);
    const before = outputs(app.root);
    expect([...before.keys()].sort()).toEqual([
      ".dorm/entry.js",
      ".dorm/env.d.ts",
      ".dorm/wrangler.json",
      ".wrangler/deploy/config.json",
      "dist/worker.js",
      "dist/worker.js.map",
      "dist/wrangler.json",
      "dorm.migrations.json",
    ]);
    const second = build(app.root);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("0 file(s) written");
    expect(outputs(app.root)).toEqual(before);
  });

  it("the journal starts at v1 and grows by one step per change, never rewriting", async () => {
    app = await tempApp({ "app/objects/room.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    const journal = () => JSON.parse(readFileSync(join(app!.root, "dorm.migrations.json"), "utf8"));
    expect(journal()).toEqual({ migrations: [{ tag: "v1", new_sqlite_classes: ["Room"] }], digests: [expect.stringMatching(/^[0-9a-f]{64}$/)] });

    await app.write({ "app/objects/lobby.ts": objectSource(), "app/objects/cache.ts": `import { defineDurableObject } from "dorm";\nexport default defineDurableObject({ storage: "kv" });\n` });
    const run = build(app.root);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("appended migration v2");
    const first = journal().digests[0];
    expect(journal()).toEqual({
      migrations: [
        { tag: "v1", new_sqlite_classes: ["Room"] },
        { tag: "v2", new_classes: ["Cache"], new_sqlite_classes: ["Lobby"] },
      ],
      // The first step's digest is as it was: appending never changes what was written.
      digests: [first, expect.stringMatching(/^[0-9a-f]{64}$/)],
    });
    const deployed = JSON.parse(readFileSync(join(app.root, "dist/wrangler.json"), "utf8"));
    expect(deployed.migrations).toEqual(journal().migrations);

    await app.remove("app/objects/lobby.ts");
    const removed = build(app.root);
    expect(removed.status).toBe(1);
    expect(removed.stderr).toContain("DORM_OBJECT_REMOVED");
    expect(removed.stderr).toContain("dorm migrations delete Lobby --yes");
    expect(journal().migrations).toHaveLength(2);
  });

  it("a file in .dorm/ that the build no longer generates is removed", async () => {
    app = await tempApp({ "app/objects/room.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    // What an older dorm (or a generator since removed) left there.
    await app.write({ ".dorm/routes.js": "// generated by dorm — do not edit\n" });
    const run = build(app.root);
    expect(run.status).toBe(0);
    expect(existsSync(join(app.root, ".dorm/routes.js"))).toBe(false);
    expect(readdirSync(join(app.root, ".dorm")).sort()).toEqual(["entry.js", "env.d.ts", "wrangler.json"]);
  });

  it("minifies when the wrangler config says minify (as wrangler would), keeping names and a source map", async () => {
    app = await tempApp({ "app/objects/room.ts": objectSource(), "wrangler.jsonc": `{ "name": "t" }` });
    expect(build(app.root).status).toBe(0);
    const plain = readFileSync(join(app.root, "dist/worker.js"), "utf8");
    await app.write({ "wrangler.jsonc": `{ "name": "t", "minify": true }` });
    expect(build(app.root).status).toBe(0);
    const minified = readFileSync(join(app.root, "dist/worker.js"), "utf8");
    expect(minified.length).toBeLessThan(plain.length * 0.6);
    expect(minified).toMatch(/\/\/# sourceMappingURL=worker\.js\.map\s*$/);
    const map = JSON.parse(readFileSync(join(app.root, "dist/worker.js.map"), "utf8"));
    expect(map.sources).toContain("../app/objects/room.ts");
    // keep_names is on by default, as in wrangler: the class keeps its name for stack traces.
    expect(minified).toContain(`"Room$class"`);
  });

  it("an app without app/worker.ts gets the default router", async () => {
    app = await tempApp({ "app/objects/room.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    expect(readFileSync(join(app.root, ".dorm/entry.js"), "utf8")).toContain("$routeObjectRequest(request, env)");
  });
});
