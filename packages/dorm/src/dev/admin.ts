import { ALARMS } from "../object/context.js";
import { INTERNAL_PREFIX } from "../state/keys.js";
import type { ObjectHost } from "../object/host.js";
import { STATUS_PATH, TOKEN_BINDING } from "./board.js";
import { instancesOf } from "./registry.js";
import { type ClassStatus, type InstanceStats, type StatusBoard, health, latency } from "./stats.js";

/** An instance with an event this recent, or with open sockets, counts as active. */
export const ACTIVE_MS = 60_000;

export interface DevClass {
  readonly object: string;
  readonly className: string;
  readonly binding: string;
}

interface StatsStub {
  __dormStats(): Promise<InstanceStats>;
}

/** Read inside the instance (its storage is only reachable from its own context). */
export async function instanceStats(host: ObjectHost): Promise<InstanceStats> {
  const { ctx } = host;
  const scheduler = ctx[ALARMS]?.scheduler;
  return {
    sockets: ctx.getWebSockets().length,
    // Read raw: ctx.storage is in the build only when the app uses it.
    storageKeys: [...(await ctx.raw.storage.list()).keys()].filter((key) => !key.startsWith(INTERNAL_PREFIX)).length,
    schedules: scheduler ? scheduler.list().length : 0,
    alarm: (await ctx.getAlarm()) !== null,
  };
}

async function classStatus(env: Record<string, unknown>, entry: DevClass, now: number): Promise<ClassStatus> {
  const namespace = env[entry.binding] as DurableObjectNamespace;
  const active = instancesOf(entry.object).filter((r) => now - r.lastEventAt < ACTIVE_MS || r.sockets > 0);
  const status: ClassStatus = {
    class: entry.className,
    object: entry.object,
    instances: active.length,
    connections: 0,
    storageKeys: 0,
    alarms: 0,
    schedules: 0,
    calls: 0,
    errors: 0,
    latencyMs: null,
    health: "idle",
    unreachable: [],
  };
  const samples = active.flatMap((r) => r.calls.samples);
  for (const record of active) {
    status.calls += record.calls.total;
    status.errors += record.calls.errors;
    try {
      const stub = namespace.get(namespace.idFromString(record.id)) as unknown as StatsStub;
      const stats = await stub.__dormStats();
      status.connections += stats.sockets;
      status.storageKeys += stats.storageKeys;
      status.schedules += stats.schedules;
      status.alarms += stats.alarm ? 1 : 0;
    } catch (error) {
      status.unreachable.push({ name: record.name, error: (error as Error).message });
    }
  }
  status.latencyMs = latency(samples);
  status.health = health(samples, status.unreachable.length);
  return status;
}

function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Answers `GET /__dorm/status` with the board's JSON, or null for every other request. */
export async function statusResponse(request: Request, env: Record<string, unknown>, classes: readonly DevClass[]): Promise<Response | null> {
  const url = new URL(request.url);
  if (url.pathname !== STATUS_PATH) return null;
  const token = env[TOKEN_BINDING];
  if (typeof token !== "string" || token === "") return null;
  const given = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  if (!sameToken(given, token)) {
    return Response.json({ error: { code: "DORM_BAD_TOKEN", message: "send the token of this dorm dev run: authorization: Bearer <token> (see .dorm/dev.json)" } }, { status: 401 });
  }
  const now = Date.now();
  const board = await Promise.all(classes.map((entry) => classStatus(env, entry, now)));
  return Response.json({ at: now, classes: board } satisfies StatusBoard);
}
