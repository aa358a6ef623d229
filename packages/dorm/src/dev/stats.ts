// Pure aggregation for the dev board: event records in, figures out.
import { RATE_WINDOW_MS, TIMED_KINDS, type EventKind, type Health, type Latency, type TimedKind } from "./board.js";

/** Events kept per instance for latency, rate and health. */
export const RECENT_EVENTS = 256;

export interface EventSample {
  kind: EventKind;
  ms: number;
  ok: boolean;
  /** When it ended (epoch ms). */
  at: number;
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** Average and p99 of the timed events among `samples`; null without any. */
export function latency(samples: readonly EventSample[], kind?: TimedKind): Latency | null {
  const timed = samples.filter((s) => (kind ? s.kind === kind : (TIMED_KINDS as readonly string[]).includes(s.kind)));
  if (timed.length === 0) return null;
  const sorted = timed.map((s) => s.ms).sort((a, b) => a - b);
  const avg = sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length;
  return { calls: sorted.length, avg: round(avg), p99: percentile(sorted, 99) };
}

export function latencyByKind(samples: readonly EventSample[]): Record<TimedKind, Latency | null> {
  return Object.fromEntries(TIMED_KINDS.map((kind) => [kind, latency(samples, kind)])) as Record<TimedKind, Latency | null>;
}

/** Timed events per second over the last RATE_WINDOW_MS. */
export function callsPerSecond(samples: readonly EventSample[], now: number): number {
  const since = now - RATE_WINDOW_MS;
  const count = samples.filter((s) => s.at > since && (TIMED_KINDS as readonly string[]).includes(s.kind)).length;
  return round(count / (RATE_WINDOW_MS / 1000));
}

/**
 * Health in percent: the share of recent events that succeeded, an instance whose stats could
 * not be read counting as one failure. null when there is nothing to judge.
 */
export function healthPercent(samples: readonly EventSample[], unreachable: number): number | null {
  const total = samples.length + unreachable;
  if (total === 0) return null;
  const ok = samples.filter((s) => s.ok).length;
  return Math.floor((100 * ok) / total);
}

/** The word for a percentage: ok at 100, failing under 50 (or with an unreachable instance). */
export function healthStatus(percent: number | null, unreachable: number): Health {
  if (percent === null) return "idle";
  if (unreachable > 0 || percent < 50) return "failing";
  return percent < 100 ? "degraded" : "ok";
}

/** One ring buffer of recent events, with running totals. */
export class EventRing {
  readonly samples: EventSample[] = [];
  #next = 0;
  /** Timed events (RPC, fetch, frames) since the dev build started. */
  calls = 0;
  errors = 0;

  add(sample: EventSample): void {
    if ((TIMED_KINDS as readonly string[]).includes(sample.kind)) this.calls++;
    if (!sample.ok) this.errors++;
    if (this.samples.length < RECENT_EVENTS) this.samples.push(sample);
    else this.samples[this.#next] = sample;
    this.#next = (this.#next + 1) % RECENT_EVENTS;
  }
}
