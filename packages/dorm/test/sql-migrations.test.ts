import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../build/src/build.js";
import { miniflareOptions } from "../../build/src/local.js";
import { tempApp, type TempApp } from "../../build/test/temp-app.js";
import { until } from "./until.js";

// Schema migrations across deploys: each step rebuilds the app with another list of
// migrations and starts a new workerd on the same persisted storage, as a deploy would.

const objectSource = (migrations: string[]) => `import { defineDurableObject } from "dorm";
export default defineDurableObject({
  sql: { migrations: ${JSON.stringify(migrations)} },
  init: () => ({ created: Date.now() }),
  methods: {
    add(ctx, text: string) {
      ctx.sql\`INSERT INTO notes (text) VALUES (\${text})\`;
      return ctx.sql.exec("SELECT text FROM notes ORDER BY rowid").toArray().map((r) => r.text);
    },
    applied(ctx) {
      return ctx.raw.storage.sql.exec("SELECT idx, sql, applied_at FROM __dorm_sql_migrations ORDER BY idx").toArray();
    },
    tables(ctx) {
      const names = ctx.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").toArray().map((r) => r.name);
      return names.filter((name) => !String(name).startsWith("_"));
    },
    async alarmAt(ctx, at: number) {
      await ctx.setAlarm(at);
    },
  },
  fetch: (request, ctx) => new Response("fetched " + ctx.name),
  alarm() {},
});
`;

// The app's worker calls the object over RPC (and fetch) and reports what it got.
const WORKER = `import { durableObjects, routeObjectRequest } from "dorm";
export default {
  async fetch(request) {
    const url = new URL(request.url);
    try {
      if (url.pathname.startsWith("/objects/")) {
        const response = await routeObjectRequest(request);
        return Response.json({ value: await response.text() });
      }
      const args = JSON.parse(url.searchParams.get("args") ?? "[]");
      const stub = durableObjects.notes.get(url.searchParams.get("name"));
      return Response.json({ value: await stub[url.pathname.slice(1)](...args) });
    } catch (error) {
      return Response.json({ error: error.message });
    }
  },
};
`;

const CREATE = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)";
const ADD_AT = "ALTER TABLE notes ADD COLUMN at INTEGER";
const CREATE_TAGS = "CREATE TABLE tags (note INTEGER, tag TEXT)";
const BROKEN = "ALTER TABLE nope ADD COLUMN x INTEGER";

let app: TempApp;
let mf: Miniflare | undefined;
let stderr = "";

/** Build the app with these migrations and (re)start workerd on the same storage. */
async function deploy(migrations: string[]): Promise<void> {
  await mf?.dispose();
  mf = undefined;
  await app.write({ "app/objects/notes.ts": objectSource(migrations) });
  await buildApp(app.root);
  mf = new Miniflare({
    ...(await miniflareOptions(app.root, { persistTo: join(app.root, ".persist") })),
    handleRuntimeStdio(out: Readable, err: Readable) {
      out.resume();
      err.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    },
  });
}

/** An RPC call from the worker: its value, or the message it threw. */
async function call(method: string, ...args: unknown[]): Promise<unknown> {
  const url = `http://localhost/${method}?name=n1&args=${encodeURIComponent(JSON.stringify(args))}`;
  const body = (await (await mf!.dispatchFetch(url)).json()) as { value?: unknown; error?: string };
  return body.error ?? body.value;
}

const fetchObject = async () => {
  const body = (await (await mf!.dispatchFetch("http://localhost/objects/notes/n1/")).json()) as { value?: unknown; error?: string };
  return body.error ?? body.value;
};

beforeAll(async () => {
  app = await tempApp({ "wrangler.jsonc": `{ "name": "migrations-test", "compatibility_date": "2026-04-26" }`, "app/worker.ts": WORKER });
});
afterAll(async () => {
  await mf?.dispose();
  await rm(app.root, { recursive: true, force: true });
});

describe("sql.migrations across deploys", () => {
  it("applies each migration once, in order; a failing one rolls back and every call says why; edits and removals are refused", async () => {
    // v1: the table is created on first activation.
    await deploy([CREATE]);
    expect(await call("add", "first")).toEqual(["first"]);
    const [v1] = (await call("applied")) as { idx: number; sql: string; applied_at: number }[];
    expect(v1).toMatchObject({ idx: 0, sql: CREATE });

    // Same code, new workerd: nothing runs again (CREATE TABLE without IF NOT EXISTS would fail).
    await deploy([CREATE]);
    expect(await call("add", "second")).toEqual(["first", "second"]);
    expect(await call("applied")).toEqual([v1]);

    // v2 appends a migration: only that one runs.
    await deploy([CREATE, ADD_AT]);
    expect(await call("add", "third")).toEqual(["first", "second", "third"]);
    const applied = (await call("applied")) as { idx: number; applied_at: number }[];
    expect(applied.map((m) => m.idx)).toEqual([0, 1]);
    expect(applied[0]).toEqual(v1);
    // An alarm that will fire while the next deploy is broken.
    await call("alarmAt", Date.now() + 300);

    // v3 appends two, the second broken: both roll back, and RPC, fetch and the alarm all fail
    // with the migration's index and SQLite's message.
    stderr = "";
    await deploy([CREATE, ADD_AT, CREATE_TAGS, BROKEN]);
    const failure = /^\[DORM_SQL_MIGRATION_FAILED\] notes( "n1")?: sql\.migrations\[3\] failed: no such table: nope.*Nothing changed: sql\.migrations\[2\.\.3\] rolled back/;
    expect(await call("add", "lost")).toMatch(failure);
    expect(await call("applied")).toMatch(failure);
    expect(await fetchObject()).toMatch(failure);
    await until(
      async () => stderr,
      (text) => /alarm[\s\S]*DORM_SQL_MIGRATION_FAILED/.test(text),
      15_000,
    );

    // v4 fixes the failed migration (it never ran, so it may change): CREATE TABLE tags runs
    // now, which it could not if v3 had left the table behind.
    await deploy([CREATE, ADD_AT, CREATE_TAGS, "ALTER TABLE tags ADD COLUMN weight REAL"]);
    expect(await call("tables")).toEqual(["notes", "tags"]);
    expect(((await call("applied")) as { idx: number }[]).map((m) => m.idx)).toEqual([0, 1, 2, 3]);
    expect(await call("add", "fourth")).toEqual(["first", "second", "third", "fourth"]);

    // Editing a migration that ran is refused, on every call, and changes nothing.
    await deploy([CREATE.replace("TEXT NOT NULL", "TEXT"), ADD_AT, CREATE_TAGS, "ALTER TABLE tags ADD COLUMN weight REAL"]);
    expect(await call("add", "x")).toMatch(/^\[DORM_SQL_MIGRATION_CHANGED\] notes( "n1")?: sql\.migrations\[0\] ran as "CREATE TABLE notes .*TEXT NOT NULL\)".*now says/);
    expect(await fetchObject()).toMatch(/DORM_SQL_MIGRATION_CHANGED/);

    // So is removing one.
    await deploy([CREATE, ADD_AT, CREATE_TAGS]);
    expect(await call("add", "x")).toMatch(/^\[DORM_SQL_MIGRATION_REMOVED\] notes( "n1")?: 4 SQL migrations have run in this object, but sql\.migrations has 3; sql\.migrations\[3\]/);

    // Back to the list that ran: everything is as it was.
    await deploy([CREATE, ADD_AT, CREATE_TAGS, "ALTER TABLE tags ADD COLUMN weight REAL"]);
    expect(await call("add", "fifth")).toEqual(["first", "second", "third", "fourth", "fifth"]);
  });
});
