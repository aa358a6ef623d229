import type { ObjectHost } from "../object/host.js";
import { CallRing } from "./stats.js";

/** What the dev build knows about one instance that ran in this isolate. */
export interface InstanceRecord {
  readonly object: string;
  readonly id: string;
  name: string;
  lastEventAt: number;
  /** Open WebSockets after the last event (hibernated sockets keep an instance "active"). */
  sockets: number;
  readonly calls: CallRing;
}

// Every object of a worker runs in the worker's isolate locally, so one module-level map sees them.
const records = new Map<string, Map<string, InstanceRecord>>();

function recordOf(host: ObjectHost): InstanceRecord {
  let byId = records.get(host.object);
  if (!byId) records.set(host.object, (byId = new Map()));
  const id = host.ctx.id.toString();
  let record = byId.get(id);
  if (!record) byId.set(id, (record = { object: host.object, id, name: "", lastEventAt: 0, sockets: 0, calls: new CallRing() }));
  return record;
}

export function instancesOf(object: string): InstanceRecord[] {
  return [...(records.get(object)?.values() ?? [])];
}

/** What the generated class hands to devCall: an RPC method, or the platform handler's name. */
export type DevEvent = "rpc" | "fetch" | "alarm" | "webSocketMessage" | "webSocketClose" | "webSocketError";

/** RPC methods and fetch answer a caller, who gets the error; the other events have nobody to tell. */
const ANSWERED: ReadonlySet<DevEvent> = new Set(["rpc", "fetch"]);

/**
 * A dev server prints what an object threw, with its stack (which `dorm dev` maps to the app's
 * files), even when the caller handles the error: it is where a bug shows first.
 */
function report(host: ObjectHost, event: DevEvent, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  const where = ANSWERED.has(event) ? "threw (the caller gets the error)" : `threw in ${event} (no caller: this log is the only report of it)`;
  console.error(`[dorm] ${host.object} "${host.ctx.name}" ${where}: ${detail}`);
}

/**
 * Times one event of an instance (dev builds only: the generated class calls it around every
 * method and handler). Answered events (RPC methods, fetch) count toward latency and health.
 * Workerd's clock advances only across I/O, so the figures measure waiting, not pure CPU.
 */
export function devCall<T>(host: ObjectHost, event: DevEvent, run: () => T): T {
  const timed = ANSWERED.has(event);
  const record = recordOf(host);
  const start = Date.now();
  const done = (ok: boolean) => {
    record.lastEventAt = Date.now();
    record.name = host.ctx.name;
    if (timed) record.calls.add({ ms: record.lastEventAt - start, ok });
    record.sockets = host.ctx.getWebSockets().length;
  };
  let result: T;
  try {
    result = run();
  } catch (error) {
    done(false);
    report(host, event, error);
    throw error;
  }
  if (result instanceof Promise) {
    return result.then(
      (value) => {
        done(true);
        return value;
      },
      (error: unknown) => {
        done(false);
        report(host, event, error);
        throw error;
      },
    ) as T;
  }
  done(true);
  return result;
}
