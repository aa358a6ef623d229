// Pure aggregation for the dev status board: call records in, per-class summary out.

/** Calls kept per instance for latency and health. */
export const RECENT_CALLS = 256;

export interface CallSample {
  ms: number;
  ok: boolean;
}

export type Health = "ok" | "degraded" | "failing" | "idle";

export interface InstanceStats {
  sockets: number;
  storageKeys: number;
  schedules: number;
  alarm: boolean;
}

export interface ClassStatus {
  /** Class name (`ChatRoom`). */
  class: string;
  /** Accessor (`chatRoom`). */
  object: string;
  /** Instances that handled an event recently or hold open WebSockets. */
  instances: number;
  connections: number;
  storageKeys: number;
  alarms: number;
  schedules: number;
  calls: number;
  errors: number;
  latencyMs: { avg: number; p99: number } | null;
  health: Health;
  /** Instances whose stats could not be read, with the reason. */
  unreachable: { name: string; error: string }[];
}

/** What `GET /__dorm/status` answers. */
export interface StatusBoard {
  at: number;
  classes: ClassStatus[];
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function latency(samples: readonly CallSample[]): ClassStatus["latencyMs"] {
  if (samples.length === 0) return null;
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const avg = sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length;
  return { avg: Math.round(avg * 100) / 100, p99: percentile(sorted, 99) };
}

/** ok: no recent errors; degraded: some; failing: most recent calls (or a stats read) failed. */
export function health(samples: readonly CallSample[], unreachable: number): Health {
  if (samples.length === 0 && unreachable === 0) return "idle";
  const errors = samples.filter((s) => !s.ok).length;
  if (unreachable > 0 || (samples.length > 0 && errors * 2 > samples.length)) return "failing";
  return errors > 0 ? "degraded" : "ok";
}

/** One ring buffer of recent calls. */
export class CallRing {
  readonly samples: CallSample[] = [];
  #next = 0;
  total = 0;
  errors = 0;

  add(sample: CallSample): void {
    this.total++;
    if (!sample.ok) this.errors++;
    if (this.samples.length < RECENT_CALLS) this.samples.push(sample);
    else this.samples[this.#next] = sample;
    this.#next = (this.#next + 1) % RECENT_CALLS;
  }
}
