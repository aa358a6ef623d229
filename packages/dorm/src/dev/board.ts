/**
 * @module
 * Facts the dev server (Node), the dev build (workerd) and the inspector page must agree on, and
 * the shapes they exchange. Pure: no workerd APIs, so the CLI and the page import it too.
 * Production builds contain none of it.
 */

/** Every path the dev build answers (and the dev server serves the inspector from) starts here. */
export const DEV_PREFIX = "/__dorm/";
/** The status board as JSON (`dorm status` and the inspector page read it). */
export const STATUS_PATH = "/__dorm/status";
/** The inspector page; its assets live below it (`/__dorm/inspector/app.js`). */
export const INSPECTOR_PATH = "/__dorm/inspector";
/** JSON about one instance: `/__dorm/api/instance`, `kv`, `sql`, `schedule`. */
export const API_PREFIX = "/__dorm/api/";
/** What only the dev server (Node) knows: `/__dorm/host/known`, `/__dorm/host/map`. */
export const HOST_PREFIX = "/__dorm/host/";

/** The binding `dorm dev` sets to this run's token. */
export const TOKEN_BINDING = "DORM_DEV_TOKEN";
/** The service binding through which the dev build reaches the dev server (Node). */
export const HOST_BINDING = "DORM_DEV_HOST";
/** The token as a query parameter: what the printed inspector URL carries. */
export const TOKEN_PARAM = "token";

/** The inspector URL for a dev server at `base` (with a trailing slash or not). */
export function inspectorUrl(base: string, token: string): string {
  return `${new URL(INSPECTOR_PATH, base).href}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;
}

/**
 * An instance with no event for this long is taken to be asleep: local workerd evicts an idle
 * object after about 10 s (hibernating its WebSockets). Measured with workerd 1.20260426.
 */
export const AWAKE_MS = 10_000;
/** Calls per second are counted over this window. */
export const RATE_WINDOW_MS = 10_000;

/** What woke an instance. `rpc`, `fetch` and `frame` (a WebSocket message) are timed. */
export type EventKind = "rpc" | "fetch" | "frame" | "alarm" | "close";
export const TIMED_KINDS = ["rpc", "fetch", "frame"] as const;
export type TimedKind = (typeof TIMED_KINDS)[number];

export interface Latency {
  /** Recent events of this kind the figures cover. */
  calls: number;
  avg: number;
  p99: number;
}

/** Ok: no recent errors; degraded: some; failing: most (or an instance could not be read). */
export type Health = "ok" | "degraded" | "failing" | "idle";

/** One instance as the board lists it. */
export interface InstanceSummary {
  /** `ctx.id` as a hex string. */
  id: string;
  /** The name it was called by, when known (null for one found only in persisted storage). */
  name: string | null;
  /** Had an event within AWAKE_MS. */
  awake: boolean;
  /** Handled an event since this dev build started. */
  seen: boolean;
  lastEventAt: number | null;
  sockets: number;
  /** Storage keys, the object's state included (dorm's own bookkeeping keys excluded). */
  storageKeys: number;
  schedules: number;
  alarm: number | null;
  calls: number;
  errors: number;
  /** Grows with every event of the instance: the page re-reads an instance when it changes. */
  version: number;
}

/** One class of the board (seed 004's "DURABLE OBJECT STATUS"). */
export interface ClassStatus {
  /** Class name (`ChatRoom`). */
  class: string;
  /** Accessor (`chatRoom`). */
  object: string;
  /** Binding name (`CHAT_ROOM`). */
  binding: string;
  /** Instances awake now. */
  instances: number;
  /** Instances seen since the dev build started, or found in persisted storage. */
  known: number;
  sockets: number;
  /** Storage keys of the instances seen since the dev build started, their state included. */
  storageKeys: number;
  alarms: number;
  schedules: number;
  /** RPC calls, fetches and WebSocket frames since the dev build started. */
  calls: number;
  callsPerSecond: number;
  errors: number;
  /** Over the recent RPC calls, fetches and WebSocket frames of every instance. */
  latencyMs: { avg: number; p99: number } | null;
  latencyByKind: Record<TimedKind, Latency | null>;
  /** Share of recent events that succeeded, in percent; null when idle. */
  health: number | null;
  status: Health;
  /** Instances whose stats could not be read, with the reason. */
  unreachable: { name: string; error: string }[];
  /** The most recently active instances first (at most MAX_LISTED). */
  instanceList: InstanceSummary[];
}

/** Instances listed per class on the board; the counts cover them all. */
export const MAX_LISTED = 200;

/** What `GET /__dorm/status` answers. */
export interface StatusBoard {
  at: number;
  classes: ClassStatus[];
}

/**
 * A value as the inspector shows it: JSON, with what JSON cannot hold described by an object
 * with a `$type` key (`{ "$type": "Map", "entries": [...] }`, `{ "$type": "Date", "value": ... }`).
 */
export type Preview = null | boolean | number | string | Preview[] | { [key: string]: Preview };

export interface ErrorRecord {
  at: number;
  /** `rpc increment`, `fetch`, `frame`, `alarm`, `messages.post`… */
  where: string;
  name: string;
  message: string;
  /** With positions in the app's files when the dev server could map them. */
  stack: string;
}

export interface ScheduleView {
  id: string;
  kind: string;
  method: string;
  payload: Preview;
  due: number;
  intervalMs: number | null;
  cron: string | null;
  attempts: number;
  retries: number;
}

export interface ConnectionView {
  id: string;
  data: Preview;
  presence: Preview;
  topics: string[];
  connectedAt: number;
}

export interface TableInfo {
  name: string;
  rows: number;
  /** dorm's own (schedules, SQL migrations) or miniflare's, not the app's. */
  internal: boolean;
}

/** What `GET /__dorm/api/instance` answers. */
export interface InstanceDetail {
  class: string;
  id: string;
  name: string;
  storage: "sqlite" | "kv";
  /** null when nothing is stored. */
  state: Preview | null;
  /** Storage keys, the state included. */
  storageKeys: number;
  /** null for KV-backed objects. */
  tables: TableInfo[] | null;
  alarm: number | null;
  schedules: ScheduleView[];
  connections: ConnectionView[];
  /** Accepted by the app itself (not dorm connections): their tags. */
  otherSockets: string[][];
  errors: ErrorRecord[];
}

/** What `GET /__dorm/api/kv` answers: the next page after `after`, in key order. */
export interface KvPage {
  entries: { key: string; value: Preview }[];
  /** Pass as `after` for the next page; null at the end. */
  next: string | null;
}

/** What `GET /__dorm/api/sql` answers. */
export interface SqlPage {
  table: string;
  columns: string[];
  rows: Preview[][];
  total: number;
  offset: number;
}

/** How the schedule API names the object's alarm (`ctx.setAlarm`): it can be run now or cancelled too. */
export const ALARM_SCHEDULE = "alarm";

/**
 * Instances with persisted storage, by class name, then id: the name each was last seen under
 * (the dev server remembers them across rebuilds and runs), or null when it was never seen.
 */
export type StoredInstances = Record<string, Record<string, string | null>>;

/** Rows and keys per page. */
export const PAGE_SIZE = 50;
