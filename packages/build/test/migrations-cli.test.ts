import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { objectSource, REPO, runCli, tempApp, type TempApp } from "./temp-app.js";

let app: TempApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

const build = (root: string, ...args: string[]) => runCli(["build", "--root", root, ...args]);
const migrations = (root: string, ...args: string[]) => runCli(["migrations", ...args, "--root", root]);
const journalOf = (root: string) => JSON.parse(readFileSync(join(root, "dorm.migrations.json"), "utf8")).migrations;
const deployed = (root: string) => JSON.parse(readFileSync(join(root, "dist/wrangler.json"), "utf8"));
const renamed = (from: string) => `import { defineDurableObject } from "dorm";\nexport default defineDurableObject({\n  renamedFrom: "${from}",\n  methods: { get(ctx) { return 1; } },\n});\n`;

function dryRun(root: string): void {
  const run = spawnSync(process.execPath, [join(REPO, "node_modules/wrangler/bin/wrangler.js"), "deploy", "--dry-run", "--outdir", join(root, ".dry-run")], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
  });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  expect(run.stdout).toContain('Configuration being used: "dist/wrangler.json"');
}

describe("add, rename, explicit delete: accepted by wrangler deploy --dry-run at each step", () => {
  it("walks the whole lifecycle", async () => {
    app = await tempApp({ "wrangler.jsonc": `{ "name": "lifecycle", "compatibility_date": "2026-04-26" }`, "app/objects/room.ts": objectSource(), "app/objects/lobby.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    dryRun(app.root);

    // Rename Room → Hall (keeping its data) and add a KV object, in one step.
    await app.remove("app/objects/room.ts");
    await app.write({ "app/objects/hall.ts": renamed("Room"), "app/objects/cache.ts": `import { defineDurableObject } from "dorm";\nexport default defineDurableObject({ storage: "kv" });\n` });
    const second = build(app.root);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain("~ Room → Hall (renamed, data kept)");
    dryRun(app.root);

    // Delete Lobby explicitly: first without --yes (nothing changes), then with it.
    await app.remove("app/objects/lobby.ts");
    const refused = build(app.root);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("dorm migrations delete Lobby --yes");
    const asked = migrations(app.root, "delete", "Lobby");
    expect(asked.status).toBe(1);
    expect(asked.stdout).toContain("every Lobby object and all of its storage (sqlite) are destroyed");
    expect(journalOf(app.root)).toHaveLength(2);
    const confirmed = migrations(app.root, "delete", "Lobby", "--yes");
    expect(confirmed.status, confirmed.stderr).toBe(0);
    expect(build(app.root).status).toBe(0);
    dryRun(app.root);

    expect(journalOf(app.root)).toEqual([
      { tag: "v1", new_sqlite_classes: ["Lobby", "Room"] },
      { tag: "v2", renamed_classes: [{ from: "Room", to: "Hall" }], new_classes: ["Cache"] },
      { tag: "v3", deleted_classes: ["Lobby"] },
    ]);
    expect(deployed(app.root).migrations).toEqual(journalOf(app.root));
    expect(deployed(app.root).durable_objects.bindings).toEqual([
      { name: "CACHE", class_name: "Cache" },
      { name: "HALL", class_name: "Hall" },
    ]);

    const status = migrations(app.root, "status");
    expect(status.status).toBe(0);
    expect(status.stdout).toMatch(/v3\s+- Lobby \(deleted with all its data\)/);
    expect(status.stdout).toMatch(/Hall\s+sqlite\s+app\/objects\/hall\.ts/);
    expect(status.stdout).toContain("pending: nothing");
  });
});

describe("dorm migrations", () => {
  it("check exits 1 while a build would append a step, 0 once it is committed", async () => {
    app = await tempApp({ "app/objects/room.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    expect(migrations(app.root, "check").status).toBe(0);
    await app.write({ "app/objects/lobby.ts": objectSource() });
    const check = migrations(app.root, "check");
    expect(check.status).toBe(1);
    expect(check.stderr).toContain("would append v2");
    expect(check.stderr).toContain("+ Lobby (sqlite)");
    expect(build(app.root).status).toBe(0);
    expect(migrations(app.root, "check").status).toBe(0);
  });

  it("a journal an older dorm wrote (no digests) is adopted as it is: check asks for one build, which seals it and changes no step", async () => {
    const legacy = { migrations: [{ tag: "v1", new_sqlite_classes: ["Lobby"] }, { tag: "v2", new_sqlite_classes: ["Room"] }] };
    app = await tempApp({ "app/objects/room.ts": objectSource(), "app/objects/lobby.ts": objectSource(), "dorm.migrations.json": `${JSON.stringify(legacy, null, 2)}\n` });
    const before = migrations(app.root, "check");
    expect(before.status).toBe(1);
    expect(before.stderr).toContain("has no digests (an older dorm wrote it)");
    expect(migrations(app.root, "status").stdout).toContain("written by an older dorm, without digests");
    const sealing = build(app.root);
    expect(sealing.status).toBe(0);
    expect(sealing.stdout).toContain("sealed dorm.migrations.json");
    const sealed = JSON.parse(readFileSync(join(app.root, "dorm.migrations.json"), "utf8"));
    expect(sealed.migrations).toEqual(legacy.migrations);
    expect(sealed.digests).toHaveLength(2);
    expect(migrations(app.root, "check").status).toBe(0);
    const again = build(app.root);
    expect(again.stdout).not.toContain("sealed");
  });

  it("delete refuses a class that is not live, or that a file still defines", async () => {
    app = await tempApp({ "app/objects/room.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    const stillDefined = migrations(app.root, "delete", "Room", "--yes");
    expect(stillDefined.status).toBe(1);
    expect(stillDefined.stderr).toContain("DORM_STILL_DEFINED");
    const notLive = migrations(app.root, "delete", "Nope", "--yes");
    expect(notLive.status).toBe(1);
    expect(notLive.stderr).toContain("DORM_NOT_LIVE");
    expect(journalOf(app.root)).toHaveLength(1);
  });
});

describe("bad migration input: clear error naming the file or step, nothing written", () => {
  const cases: [string, Record<string, string | null>, RegExp][] = [
    ["unknown class in renamedFrom", { "app/objects/hall.ts": renamed("Nowhere") }, /app\/objects\/hall\.ts: error\[DORM_UNKNOWN_RENAME\][^]*Nowhere/],
    ["rename onto an existing class", { "app/objects/room.ts": renamed("Lobby") }, /DORM_RENAME_ONTO_LIVE[^]*Room/],
    ["two objects renamed from one class", { "app/objects/lobby.ts": null, "app/objects/hall.ts": renamed("Lobby"), "app/objects/foyer.ts": renamed("Lobby") }, /DORM_DUPLICATE_RENAME[^]*Lobby/],
    ["journal with a duplicate tag", { "dorm.migrations.json": JSON.stringify({ migrations: [{ tag: "v1", new_sqlite_classes: ["Lobby", "Room"] }, { tag: "v1", new_sqlite_classes: ["Extra"] }] }) }, /dorm\.migrations\.json: error\[DORM_BAD_MIGRATION\] migration step 2 \(tag "v1"\)[^]*used twice/],
    ["journal step that does not replay", { "dorm.migrations.json": JSON.stringify({ migrations: [{ tag: "v1", new_sqlite_classes: ["Lobby", "Room"] }, { tag: "v2", renamed_classes: [{ from: "Ghost", to: "Room2" }] }] }) }, /migration step 2 \(tag "v2"\)[^]*renames Ghost/],
    ["journal that is not JSON", { "dorm.migrations.json": "{ migrations: [" }, /dorm\.migrations\.json: error\[DORM_BAD_JOURNAL\]/],
  ];

  it.each(cases)("%s", async (_, change, expected) => {
    app = await tempApp({ "app/objects/room.ts": objectSource(), "app/objects/lobby.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    const journalBefore = readFileSync(join(app.root, "dorm.migrations.json"), "utf8");
    const configBefore = readFileSync(join(app.root, "dist/wrangler.json"), "utf8");
    for (const [file, content] of Object.entries(change)) {
      if (content === null) await app.remove(file);
      else await app.write({ [file]: content });
    }
    const run = build(app.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).toContain("fix: ");
    expect(readFileSync(join(app.root, "dist/wrangler.json"), "utf8")).toBe(configBefore);
    if (!("dorm.migrations.json" in change)) expect(readFileSync(join(app.root, "dorm.migrations.json"), "utf8")).toBe(journalBefore);
  });
});

describe("adoption and the exports format", () => {
  const adopted = `{\n  "name": "adopt",\n  "migrations": [{ "tag": "initial", "new_classes": ["Room"] }]\n}\n`;
  const kvRoom = `import { defineDurableObject } from "dorm";\nexport default defineDurableObject({ storage: "kv" });\n`;

  it("starts the journal from the wrangler config's migrations, unchanged", async () => {
    app = await tempApp({ "wrangler.jsonc": adopted, "app/objects/room.ts": kvRoom });
    expect(build(app.root).status).toBe(0);
    expect(journalOf(app.root)).toEqual([{ tag: "initial", new_classes: ["Room"] }]);
    await app.write({ "app/objects/lobby.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    expect(journalOf(app.root)).toEqual([
      { tag: "initial", new_classes: ["Room"] },
      { tag: "v2", new_sqlite_classes: ["Lobby"] },
    ]);
    // Disagreeing histories are an error.
    await app.write({ "wrangler.jsonc": adopted.replace('"initial"', '"first"') });
    const run = build(app.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/wrangler\.jsonc: error\[DORM_JOURNAL_CONFLICT\]/);
  });

  it("emits the exports map with migrations: \"exports\" (dorm.config.ts or --migrations)", async () => {
    app = await tempApp({
      "app/objects/room.ts": objectSource(),
      "app/objects/lobby.ts": objectSource(),
      "dorm.config.ts": `import { defineConfig } from "@dorm/build";\nexport default defineConfig({ migrations: "exports" });\n`,
    });
    expect(build(app.root).status).toBe(0);
    await app.remove("app/objects/room.ts");
    await app.write({ "app/objects/hall.ts": renamed("Room") });
    expect(build(app.root).status).toBe(0);
    const config = deployed(app.root);
    expect(config.migrations).toBeUndefined();
    expect(config.exports).toEqual({
      Hall: { type: "durable-object", storage: "sqlite" },
      Lobby: { type: "durable-object", storage: "sqlite" },
      Room: { type: "durable-object", state: "renamed", renamed_to: "Hall" },
    });
    expect(existsSync(join(app.root, ".dorm.config"))).toBe(false);
    // The flag wins over the config file.
    expect(build(app.root, "--migrations", "migrations").status).toBe(0);
    expect(deployed(app.root).exports).toBeUndefined();
    expect(deployed(app.root).migrations).toHaveLength(2);
  });

  it("a bad dorm.config.ts is an error that names it", async () => {
    app = await tempApp({ "app/objects/room.ts": objectSource(), "dorm.config.ts": `export default { migrations: "declarative" };\n` });
    const run = build(app.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/dorm\.config\.ts: error\[DORM_BAD_DORM_CONFIG\][^]*"declarative"/);
    expect(existsSync(join(app.root, "dist"))).toBe(false);
  });
});
