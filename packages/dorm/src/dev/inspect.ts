import { DormError } from "../errors.js";
import { ALARMS, REALTIME } from "../object/context.js";
import type { ObjectHost } from "../object/host.js";
import { CONNECTION_TAG } from "../realtime/attachment.js";
import { INTERNAL_PREFIX, NAME_KEY, STATE_KEY } from "../state/keys.js";
import { ALARM_ID } from "../schedule/table.js";
import { ALARM_SCHEDULE, PAGE_SIZE, type InstanceDetail, type KvPage, type ScheduleView, type SqlPage, type TableInfo } from "./board.js";
import { preview } from "./preview.js";
import { devCall, findRecord, recordOf, type InstanceStats } from "./registry.js";

// What the inspector reads inside one instance: its storage is only reachable from its own
// context, so the dev build gives each class one RPC method, `__dormInspect(op, ...args)`,
// that lands here. Nothing in it writes, except "run" and "cancel" (a schedule).

/** Tables workerd keeps for itself (and refuses to show) or SQLite's own. */
const HIDDEN_TABLE = /^(_cf_|sqlite_)/;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The instance's scheduler, when its build has one (the scheduler feature) and it keeps SQLite. */
const schedulerOf = (host: ObjectHost) => host.ctx[ALARMS]?.scheduler ?? null;

/** The object's own alarm: through the scheduler feature when the build has it, else the platform's. */
function alarmOf(host: ObjectHost): Promise<number | null> | number | null {
  const alarms = host.ctx[ALARMS];
  return alarms ? alarms.getAlarm() : host.ctx.raw.storage.getAlarm();
}

function sqlOf(host: ObjectHost): SqlStorage | null {
  try {
    const sql = host.ctx.raw.storage.sql;
    // A KV-backed class has no SQL: workerd says so on the first statement.
    sql.exec("SELECT 1");
    return sql;
  } catch {
    return null;
  }
}

/** Keys as the board counts them: the app's and the state; dorm's bookkeeping (the name) aside. */
async function storageKeys(host: ObjectHost): Promise<number> {
  const all = await host.ctx.raw.storage.list();
  return all.size - (all.has(NAME_KEY) ? 1 : 0);
}

function tables(sql: SqlStorage): TableInfo[] {
  const names = sql
    .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .toArray()
    .map((row) => row.name)
    .filter((name) => !HIDDEN_TABLE.test(name));
  return names.map((name) => ({
    name,
    rows: sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(name)}`).one().n,
    // dorm's (schedules, SQL migrations) and miniflare's own.
    internal: name.startsWith("__"),
  }));
}

function schedules(host: ObjectHost): ScheduleView[] {
  return (schedulerOf(host)?.listSchedules() ?? []).map((task) => ({
    id: task.id,
    kind: task.kind,
    method: task.method,
    payload: preview(task.payload),
    due: task.due,
    intervalMs: task.intervalMs ?? null,
    cron: task.cron ?? null,
    attempts: task.attempts,
    retries: task.retries,
  }));
}

export async function instanceStats(host: ObjectHost): Promise<InstanceStats> {
  return {
    sockets: host.ctx.raw.getWebSockets().length,
    storageKeys: await storageKeys(host),
    schedules: schedulerOf(host)?.listSchedules().length ?? 0,
    alarm: await alarmOf(host),
  };
}

async function detail(host: ObjectHost): Promise<Omit<InstanceDetail, "class">> {
  const { ctx } = host;
  const sql = sqlOf(host);
  const stored = (await ctx.raw.storage.get(STATE_KEY)) !== undefined;
  // Objects with connections (`connect` or `messages`) have the realtime part; others none.
  const connections = (ctx[REALTIME]?.connections() ?? []).map((conn) => ({
    id: conn.id,
    data: preview(conn.data),
    presence: preview(conn.presence),
    topics: [...conn.topics],
    connectedAt: conn.connectedAt,
  }));
  const otherSockets = ctx.raw
    .getWebSockets()
    .map((ws) => ctx.raw.getTags(ws))
    .filter((tags) => !tags.includes(CONNECTION_TAG));
  return {
    id: ctx.id.toString(),
    name: ctx.name,
    storage: sql ? "sqlite" : "kv",
    state: stored ? preview(ctx.state) : null,
    storageKeys: await storageKeys(host),
    tables: sql ? tables(sql) : null,
    alarm: await alarmOf(host),
    schedules: schedules(host),
    connections,
    otherSockets,
    errors: [...(findRecord(host.object, ctx.id.toString())?.errors ?? [])].reverse(),
  };
}

async function kvPage(host: ObjectHost, after: unknown): Promise<KvPage> {
  // One more than a page, beyond dorm's two keys (shown elsewhere: the state; or not at all: the
  // name), tells whether another page follows.
  const options: DurableObjectListOptions = { limit: PAGE_SIZE + 3 };
  if (typeof after === "string" && after !== "") options.startAfter = after;
  const listed = [...(await host.ctx.raw.storage.list(options))].filter(([key]) => !key.startsWith(INTERNAL_PREFIX));
  const page = listed.slice(0, PAGE_SIZE);
  return {
    entries: page.map(([key, value]) => ({ key, value: preview(value) })),
    next: listed.length > PAGE_SIZE ? page.at(-1)![0] : null,
  };
}

function sqlPage(host: ObjectHost, table: unknown, offset: unknown): SqlPage {
  const sql = sqlOf(host);
  if (!sql) throw new DormError("DORM_NO_SQL", `${host.object} "${host.ctx.name}" keeps KV storage: it has no SQL tables.`);
  // Only a table that exists, quoted as an identifier: the one statement built here is a SELECT.
  const known = tables(sql).find((t) => t.name === table);
  if (!known) throw new DormError("DORM_NO_TABLE", `no table ${JSON.stringify(table)} in ${host.object} "${host.ctx.name}".`);
  const start = typeof offset === "number" && Number.isSafeInteger(offset) && offset > 0 ? offset : 0;
  const cursor = sql.exec(`SELECT * FROM ${quoteIdent(known.name)} LIMIT ? OFFSET ?`, PAGE_SIZE, start);
  const rows = [...cursor.raw()].map((row) => row.map((cell) => preview(cell)));
  return { table: known.name, columns: cursor.columnNames, rows, total: known.rows, offset: start };
}

/** The object's alarm, run now: through the scheduler when there is one, else the handler itself. */
async function runAlarm(host: ObjectHost): Promise<boolean | null> {
  const scheduler = schedulerOf(host);
  if (scheduler) return scheduler.runNow(ALARM_ID);
  const storage = host.ctx.raw.storage;
  const at = await storage.getAlarm();
  if (at === null) return null;
  await storage.deleteAlarm();
  try {
    await host.alarm({ scheduledTime: at, retryCount: 0, isRetry: false });
    return true;
  } catch {
    // As the platform would: the alarm stays, to be retried.
    await storage.setAlarm(at);
    return false;
  }
}

async function runSchedule(host: ObjectHost, id: unknown): Promise<{ found: boolean; ok: boolean }> {
  const scheduler = schedulerOf(host);
  const ok = id === ALARM_SCHEDULE ? await runAlarm(host) : scheduler && typeof id === "string" ? await scheduler.runNow(id) : null;
  return { found: ok !== null, ok: ok === true };
}

async function cancelSchedule(host: ObjectHost, id: unknown): Promise<{ found: boolean; ok: boolean }> {
  if (id === ALARM_SCHEDULE) {
    const set = (await alarmOf(host)) !== null;
    const alarms = host.ctx[ALARMS];
    if (set) await (alarms ? alarms.deleteAlarm() : host.ctx.raw.storage.deleteAlarm());
    return { found: set, ok: set };
  }
  const scheduler = schedulerOf(host);
  const cancelled = scheduler && typeof id === "string" ? await scheduler.cancelSchedule(id) : false;
  return { found: cancelled, ok: cancelled };
}

/** The `__dormInspect(op, ...args)` method of a dev build's classes. */
export function inspect(host: ObjectHost, op: string, args: readonly unknown[]): Promise<unknown> {
  switch (op) {
    case "stats":
      return instanceStats(host);
    case "detail":
      return detail(host);
    case "kv":
      return kvPage(host, args[0]);
    case "sql":
      return Promise.resolve().then(() => sqlPage(host, args[0], args[1]));
    // Actions change the instance: run now is an event of its own (the callback runs, and may
    // throw); cancel is not, but the board must read the schedules again.
    case "run":
      return devCall(host, "alarm", "run now", () => runSchedule(host, args[0]));
    case "cancel":
      return cancelSchedule(host, args[0]).finally(() => recordOf(host).version++);
    default:
      return Promise.reject(new TypeError(`__dormInspect: unknown operation "${op}"`));
  }
}
