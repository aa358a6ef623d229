import type { InstanceDetail, KvPage, SqlPage, StatusBoard } from "dorm/dev/board";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDev, type DevServer } from "./fixture-dev.js";
import { tempApp, type TempApp } from "./temp-app.js";

// The inspector's JSON API against a real `dorm dev`: paging through storage and SQL, read-only
// SQL, schedules and the alarm run now or cancelled, KV-backed objects, and the errors a bad
// request gets. (The page itself: inspector.browser.test.ts.)
const STORE = `import { defineDurableObject } from "dorm";
export default defineDurableObject({
  init: () => ({ filled: 0 }),
  methods: {
    async fill(ctx, n: number) {
      const entries: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) entries[\`key-\${String(i).padStart(3, "0")}\`] = { i, at: new Date(0), tags: new Set(["a"]) };
      await ctx.storage.put(entries);
      ctx.setState({ filled: n });
    },
  },
});
`;
const LOG = `import { defineDurableObject } from "dorm";
export default defineDurableObject({
  sql: { migrations: ["CREATE TABLE lines (id INTEGER PRIMARY KEY, text TEXT NOT NULL)"] },
  methods: {
    write(ctx, n: number) { for (let i = 1; i <= n; i++) ctx.sql\`INSERT INTO lines (text) VALUES (\${"line " + i})\`; },
    count(ctx) { return ctx.sql<{ n: number }>\`SELECT count(*) AS n FROM lines\`.one().n; },
  },
});
`;
const TIMER = `import { defineDurableObject } from "dorm";
export default defineDurableObject({
  init: () => ({ ran: [] as string[] }),
  methods: {
    async plan(ctx) {
      await ctx.schedule(3_600_000, "note", "once", { key: "later" });
      await ctx.scheduleEvery(7_200_000, "note", "every", { key: "tick" });
      await ctx.setAlarm(Date.now() + 3_600_000);
    },
    note(ctx, what: string) { ctx.setState((s) => ({ ran: [...s.ran, what] })); },
    ran(ctx) { return ctx.state.ran; },
  },
  alarm(ctx) { ctx.setState((s) => ({ ran: [...s.ran, "alarm"] })); },
});
`;
const KV = `import { defineDurableObject } from "dorm";
export default defineDurableObject({
  storage: "kv",
  methods: { async put(ctx, key: string) { await ctx.storage.put(key, key.length); } },
});
`;
const WORKER = `import { durableObjects } from "dorm";
export default {
  async fetch(request: Request) {
    const [, object, name, method, arg] = new URL(request.url).pathname.split("/");
    const stub = (durableObjects as unknown as Record<string, { get(n: string): Record<string, (a?: unknown) => Promise<unknown>> }>)[object!]!.get(name!);
    return Response.json((await stub[method!]!(arg === undefined ? undefined : /^\\d+$/.test(arg) ? Number(arg) : arg)) ?? null);
  },
};
`;

let app: TempApp;
let dev: DevServer;
beforeAll(async () => {
  app = await tempApp({ "app/objects/store.ts": STORE, "app/objects/log.ts": LOG, "app/objects/timer.ts": TIMER, "app/objects/kv.ts": KV, "app/worker.ts": WORKER });
  dev = await startDev(app.root);
});
afterAll(async () => {
  await dev?.stop();
  await app?.cleanup();
});

const call = async (path: string) => {
  const response = await fetch(`${dev.url}${path}`);
  expect(response.status, path).toBe(200);
  return response.json();
};
const api = async <T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
  const response = await fetch(`${dev.url}__dorm/${path}`, { ...init, headers: { authorization: `Bearer ${dev.token}` } });
  return { status: response.status, body: (await response.json()) as T };
};
async function idOf(className: string, name: string): Promise<string> {
  const { body } = await api<StatusBoard>("status");
  return body.classes.find((c) => c.class === className)!.instanceList.find((i) => i.name === name)!.id;
}

describe("the inspector's JSON API", () => {
  it("pages through storage, 50 keys at a time, the state shown apart", async () => {
    await call("store/big/fill/120");
    const id = await idOf("Store", "big");
    const { body: detail } = await api<InstanceDetail>(`api/instance?class=Store&id=${id}`);
    expect(detail).toMatchObject({ class: "Store", name: "big", storage: "sqlite", state: { filled: 120 }, storageKeys: 121 });
    const pages: KvPage[] = [];
    let after = "";
    do {
      const { body } = await api<KvPage>(`api/kv?class=Store&id=${id}&after=${encodeURIComponent(after)}`);
      pages.push(body);
      after = body.next ?? "";
    } while (after);
    expect(pages.map((p) => p.entries.length)).toEqual([50, 50, 20]);
    const keys = pages.flatMap((p) => p.entries.map((e) => e.key));
    expect(keys).toEqual(Array.from({ length: 120 }, (_, i) => `key-${String(i).padStart(3, "0")}`));
    expect(pages[0]!.entries[0]!.value).toEqual({ i: 0, at: { $type: "Date", value: "1970-01-01T00:00:00.000Z" }, tags: { $type: "Set", size: 1, values: ["a"] } });
  });

  it("SQL: the tables with their rows, paged; only a table that exists is read", async () => {
    await call("log/main/write/70");
    const id = await idOf("Log", "main");
    const { body: detail } = await api<InstanceDetail>(`api/instance?class=Log&id=${id}`);
    expect(detail.tables).toEqual(expect.arrayContaining([{ name: "lines", rows: 70, internal: false }, expect.objectContaining({ name: "__dorm_sql_migrations", internal: true })]));
    const { body: first } = await api<SqlPage>(`api/sql?class=Log&id=${id}&table=lines`);
    expect(first).toMatchObject({ table: "lines", columns: ["id", "text"], total: 70, offset: 0 });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0]).toEqual([1, "line 1"]);
    const { body: second } = await api<SqlPage>(`api/sql?class=Log&id=${id}&table=lines&offset=50`);
    expect(second.rows.map((r) => r[0])).toEqual(Array.from({ length: 20 }, (_, i) => 51 + i));
    // Not a way to run SQL: a name that is not a table is refused, and nothing ran.
    const injected = await api<{ error: { code: string; message: string } }>(`api/sql?class=Log&id=${id}&table=${encodeURIComponent("lines; DROP TABLE lines")}`);
    expect(injected).toMatchObject({ status: 404, body: { error: { code: "DORM_NO_TABLE", message: 'no table "lines; DROP TABLE lines" in log "main".' } } });
    expect(await call("log/main/count")).toBe(70);
  });

  it("schedules and the alarm: run now and cancel, seen by the board at once", async () => {
    await call("timer/t/plan");
    const id = await idOf("Timer", "t");
    const schedules = async () => (await api<InstanceDetail>(`api/instance?class=Timer&id=${id}`)).body;
    expect((await schedules()).schedules.map((s) => [s.id, s.kind, s.method])).toEqual([["later", "once", "note"], ["tick", "every", "note"]]);
    const post = (schedule: string, action: string) => api<{ ok: boolean }>(`api/schedule?class=Timer&id=${id}&schedule=${schedule}&action=${action}`, { method: "POST" });
    expect(await post("tick", "run")).toEqual({ status: 200, body: { found: true, ok: true } });
    expect(await post("later", "run")).toEqual({ status: 200, body: { found: true, ok: true } });
    expect(await post("alarm", "run")).toEqual({ status: 200, body: { found: true, ok: true } });
    expect(await call("timer/t/ran")).toEqual(["every", "once", "alarm"]);
    // The one-shot and the alarm are done; the repeating one moved on.
    const after = await schedules();
    expect(after.schedules.map((s) => s.id)).toEqual(["tick"]);
    expect(after.alarm).toBeNull();
    expect(await post("tick", "cancel")).toEqual({ status: 200, body: { found: true, ok: true } });
    expect((await post("tick", "cancel")).status).toBe(404);
    const { body: board } = await api<StatusBoard>("status");
    expect(board.classes.find((c) => c.class === "Timer")).toMatchObject({ schedules: 0, alarms: 0 });
  });

  it("a KV-backed object: storage, no SQL, no schedules", async () => {
    await call("kv/k/put/hello");
    const id = await idOf("Kv", "k");
    const { body } = await api<InstanceDetail>(`api/instance?class=Kv&id=${id}`);
    expect(body).toMatchObject({ storage: "kv", tables: null, schedules: [], storageKeys: 1 });
    expect((await api<KvPage>(`api/kv?class=Kv&id=${id}`)).body.entries).toEqual([{ key: "hello", value: 5 }]);
    expect((await api(`api/sql?class=Kv&id=${id}&table=x`)).body).toMatchObject({ error: { code: "DORM_NO_SQL" } });
  });

  it("bad requests get a code and a reason; the page and the Local Explorer are there", async () => {
    const id = await idOf("Store", "big");
    expect((await api<{ error: { code: string } }>(`api/instance?class=Nope&id=${id}`)).body.error.code).toBe("DORM_UNKNOWN_CLASS");
    expect((await api<{ error: { code: string } }>("api/instance?class=Store&id=123")).body.error.code).toBe("DORM_BAD_ID");
    expect((await api(`api/schedule?class=Store&id=${id}&schedule=x&action=run`)).status).toBe(405);
    expect((await api(`api/schedule?class=Store&id=${id}&schedule=x&action=jump`, { method: "POST" })).status).toBe(400);
    expect((await api("nothing-here")).status).toBe(404);
    const { body: info } = await api<{ server: string; app: string; explorer: string | null }>("host/info");
    expect(info).toMatchObject({ server: "dorm dev", explorer: "/cdn-cgi/explorer/" });
    expect((await fetch(`${dev.url}cdn-cgi/explorer/`)).status).toBe(200);
  });
});
