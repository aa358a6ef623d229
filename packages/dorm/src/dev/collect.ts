import { AWAKE_MS, MAX_LISTED, type ClassStatus, type InstanceSummary, type StatusBoard, type StoredInstances } from "./board.js";
import type { DevHost } from "./host-link.js";
import { instancesOf, type InstanceRecord, type InstanceStats } from "./registry.js";
import { callsPerSecond, healthPercent, healthStatus, latency, latencyByKind } from "./stats.js";

/** One class of the app, as the generated entry describes it to the dev build. */
export interface DevClass {
  readonly object: string;
  readonly className: string;
  readonly binding: string;
}

export interface InspectStub {
  __dormInspect(op: string, ...args: unknown[]): Promise<unknown>;
}

export function stubOf(env: Record<string, unknown>, entry: DevClass, id: string): InspectStub {
  const namespace = env[entry.binding] as DurableObjectNamespace;
  return namespace.get(namespace.idFromString(id)) as unknown as InspectStub;
}

/**
 * The figures read inside an instance, read again only when it had events since the last read.
 * An instance that sleeps has none, so reading the board never wakes it.
 */
async function refresh(env: Record<string, unknown>, entry: DevClass, record: InstanceRecord): Promise<string | null> {
  if (record.stats && record.statsVersion === record.version) return null;
  const version = record.version;
  try {
    record.stats = (await stubOf(env, entry, record.id).__dormInspect("stats")) as InstanceStats;
    record.statsVersion = version;
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function summary(record: InstanceRecord, now: number): InstanceSummary {
  const stats = record.stats;
  return {
    id: record.id,
    name: record.name || null,
    awake: record.lastEventAt > 0 && now - record.lastEventAt < AWAKE_MS,
    seen: true,
    lastEventAt: record.lastEventAt || null,
    sockets: stats?.sockets ?? 0,
    storageKeys: stats?.storageKeys ?? 0,
    schedules: stats?.schedules ?? 0,
    alarm: stats?.alarm ?? null,
    calls: record.events.calls,
    errors: record.events.errors,
    version: record.version,
  };
}

/** An instance found only in persisted storage: only its name is known (when it was seen before). */
const storedOnly = ([id, name]: [string, string | null]): InstanceSummary => ({
  id, name, awake: false, seen: false, lastEventAt: null, sockets: 0, storageKeys: 0, schedules: 0, alarm: null, calls: 0, errors: 0, version: 0,
});

async function classStatus(env: Record<string, unknown>, entry: DevClass, stored: Record<string, string | null>, now: number): Promise<ClassStatus> {
  const records = instancesOf(entry.object);
  const unreachable: ClassStatus["unreachable"] = [];
  await Promise.all(
    records.map(async (record) => {
      const error = await refresh(env, entry, record);
      if (error) unreachable.push({ name: record.name || record.id, error });
    }),
  );
  const seen = records.map((r) => summary(r, now));
  const seenIds = new Set(seen.map((s) => s.id));
  const instances = [...seen, ...Object.entries(stored).filter(([id]) => !seenIds.has(id)).map(storedOnly)];
  // By code unit, not localeCompare: the runtime never loads ICU (digits.ts says why).
  const label = (i: (typeof instances)[number]) => i.name ?? i.id;
  instances.sort((a, b) => (b.lastEventAt ?? 0) - (a.lastEventAt ?? 0) || (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0));
  const samples = records.flatMap((r) => r.events.samples);
  const sum = (pick: (s: InstanceSummary) => number) => seen.reduce((total, s) => total + pick(s), 0);
  const overall = latency(samples);
  const health = healthPercent(samples, unreachable.length);
  return {
    class: entry.className,
    object: entry.object,
    binding: entry.binding,
    instances: seen.filter((s) => s.awake).length,
    known: instances.length,
    sockets: sum((s) => s.sockets),
    storageKeys: sum((s) => s.storageKeys),
    alarms: sum((s) => (s.alarm === null ? 0 : 1)),
    schedules: sum((s) => s.schedules),
    calls: sum((s) => s.calls),
    callsPerSecond: callsPerSecond(samples, now),
    errors: sum((s) => s.errors),
    latencyMs: overall && { avg: overall.avg, p99: overall.p99 },
    latencyByKind: latencyByKind(samples),
    health,
    status: healthStatus(health, unreachable.length),
    unreachable,
    instanceList: instances.slice(0, MAX_LISTED),
  };
}

/** Names already handed to the dev server by this isolate, as `class/id/name`. */
const remembered = new Set<string>();

/** Names the dev server does not have yet: it keeps them for the next build (and run). */
function newNames(classes: readonly DevClass[], stored: StoredInstances): StoredInstances | null {
  const names: StoredInstances = {};
  let any = false;
  for (const entry of classes) {
    for (const record of instancesOf(entry.object)) {
      const key = `${entry.className}/${record.id}/${record.name}`;
      if (!record.name || remembered.has(key) || stored[entry.className]?.[record.id] === record.name) continue;
      remembered.add(key);
      (names[entry.className] ??= {})[record.id] = record.name;
      any = true;
    }
  }
  return any ? names : null;
}

/** The board: every class, with the instances this build saw and those the dev server found on disk. */
export async function collectBoard(env: Record<string, unknown>, classes: readonly DevClass[], host: DevHost): Promise<StatusBoard> {
  const stored = await host.known();
  const now = Date.now();
  const board = { at: now, classes: await Promise.all(classes.map((entry) => classStatus(env, entry, stored[entry.className] ?? {}, now))) };
  const names = newNames(classes, stored);
  if (names) await host.remember(names);
  return board;
}
