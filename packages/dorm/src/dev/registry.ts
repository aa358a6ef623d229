import { onHandledError } from "../object/handled-errors.js";
import type { ObjectHost } from "../object/host.js";
import type { ErrorRecord, EventKind } from "./board.js";
import { EventRing } from "./stats.js";

/** Errors kept per instance for the inspector. */
export const RECENT_ERRORS = 20;

/** What the figures read inside an instance were, and at which of its versions. */
export interface InstanceStats {
  sockets: number;
  /** Storage keys, the state included. */
  storageKeys: number;
  schedules: number;
  alarm: number | null;
}

/** What the dev build knows about one instance that ran in this isolate. */
export interface InstanceRecord {
  readonly object: string;
  readonly id: string;
  name: string;
  lastEventAt: number;
  /** Grows with every event; stats are read again only when it moved. */
  version: number;
  stats: InstanceStats | null;
  statsVersion: number;
  readonly events: EventRing;
  readonly errors: ErrorRecord[];
  /** Errors the runtime handled itself (see handled-errors.ts); an event during which one grew failed. */
  handled: number;
}

// Every object of a worker runs in the worker's isolate locally, so one module-level map sees
// them all; it outlives hibernation (the isolate stays) but not a rebuild (a new isolate).
const records = new Map<string, Map<string, InstanceRecord>>();
const byContext = new WeakMap<object, InstanceRecord>();

export function recordOf(host: ObjectHost): InstanceRecord {
  const known = byContext.get(host.ctx);
  if (known) return known;
  let byId = records.get(host.object);
  if (!byId) records.set(host.object, (byId = new Map()));
  const id = host.ctx.id.toString();
  let record = byId.get(id);
  if (!record) {
    record = { object: host.object, id, name: "", lastEventAt: 0, version: 0, stats: null, statsVersion: -1, events: new EventRing(), errors: [], handled: 0 };
    byId.set(id, record);
  }
  // A new context for a known id: the instance woke up (after hibernation or eviction).
  byContext.set(host.ctx, record);
  return record;
}

export function instancesOf(object: string): InstanceRecord[] {
  return [...(records.get(object)?.values() ?? [])];
}

export function findRecord(object: string, id: string): InstanceRecord | undefined {
  return records.get(object)?.get(id);
}

function errorRecord(where: string, error: unknown): ErrorRecord {
  const e = error instanceof Error ? error : null;
  return {
    at: Date.now(),
    where,
    name: e?.name ?? "Error",
    message: e ? e.message : String(error),
    stack: e?.stack ?? String(error),
  };
}

function remember(record: InstanceRecord, where: string, error: unknown): ErrorRecord {
  const entry = errorRecord(where, error);
  record.errors.push(entry);
  if (record.errors.length > RECENT_ERRORS) record.errors.shift();
  return entry;
}

/** RPC methods and fetch answer a caller, who gets the error; the other events have nobody to tell. */
const ANSWERED: ReadonlySet<EventKind> = new Set(["rpc", "fetch"]);

/**
 * A dev server prints what an object threw, with its stack (which `dorm dev` maps to the app's
 * files), even when the caller handles the error: it is where a bug shows first.
 */
function report(host: ObjectHost, kind: EventKind, name: string, entry: ErrorRecord): void {
  const where = ANSWERED.has(kind) ? "threw (the caller gets the error)" : `threw in ${name} (no caller: this log is the only report of it)`;
  console.error(`[dorm] ${host.object} "${host.ctx.name}" ${where}: ${entry.stack}`);
}

onHandledError((ctx, where, error) => {
  const record = byContext.get(ctx);
  if (!record) return;
  record.handled++;
  // Already logged by the runtime, with its own words; kept here for the inspector.
  remember(record, where, error);
});

/**
 * Times one event of an instance (dev builds only: the generated class calls it around every
 * method and handler, with the method's or the handler's name). Workerd's clock advances only
 * across I/O, so the figures measure waiting, not pure CPU.
 */
export function devCall<T>(host: ObjectHost, kind: EventKind, name: string, run: () => T): T {
  const where = kind === "rpc" ? `${name}()` : name;
  const record = recordOf(host);
  const start = Date.now();
  const handledBefore = record.handled;
  const done = (error: unknown, threw: boolean) => {
    const end = Date.now();
    record.lastEventAt = end;
    record.name = host.ctx.name;
    record.version++;
    record.events.add({ kind, ms: end - start, ok: !threw && record.handled === handledBefore, at: end });
    if (threw) report(host, kind, name, remember(record, where, error));
  };
  let result: T;
  try {
    result = run();
  } catch (error) {
    done(error, true);
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        done(undefined, false);
        return value;
      },
      (error: unknown) => {
        done(error, true);
        throw error;
      },
    ) as T;
  }
  done(undefined, false);
  return result;
}
