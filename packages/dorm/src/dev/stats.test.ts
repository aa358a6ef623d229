import { describe, expect, it } from "vitest";
import type { EventKind } from "./board.js";
import { callsPerSecond, EventRing, healthPercent, healthStatus, latency, latencyByKind, percentile, RECENT_EVENTS, type EventSample } from "./stats.js";

const sample = (kind: EventKind, ms: number, ok = true, at = 0): EventSample => ({ kind, ms, ok, at });

describe("dev board figures", () => {
  it("percentile is nearest-rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 99)).toBe(0);
  });

  it("latency covers RPC, fetch and WebSocket frames, not alarms or closes; null without any", () => {
    expect(latency([])).toBeNull();
    expect(latency([sample("alarm", 50), sample("close", 9)])).toBeNull();
    const samples = Array.from({ length: 200 }, (_, i) => sample(i % 2 ? "rpc" : "frame", i < 196 ? 1 : 100));
    expect(latency([...samples, sample("alarm", 5_000)])).toEqual({ calls: 200, avg: 2.98, p99: 100 });
    const byKind = latencyByKind([sample("rpc", 2), sample("rpc", 4), sample("frame", 10)]);
    expect(byKind).toEqual({ rpc: { calls: 2, avg: 3, p99: 4 }, fetch: null, frame: { calls: 1, avg: 10, p99: 10 } });
  });

  it("calls per second count timed events in the last ten seconds", () => {
    const now = 100_000;
    const samples = [sample("rpc", 1, true, now - 1_000), sample("frame", 1, true, now - 9_999), sample("fetch", 1, true, now - 10_001), sample("alarm", 1, true, now)];
    expect(callsPerSecond(samples, now)).toBe(0.2);
  });

  it("health is the share of recent events that succeeded, in percent, with a word for it", () => {
    expect(healthPercent([], 0)).toBeNull();
    expect(healthStatus(null, 0)).toBe("idle");
    const mixed = [sample("rpc", 1), sample("frame", 1), sample("alarm", 1, false), sample("rpc", 1)];
    expect(healthPercent(mixed, 0)).toBe(75);
    expect(healthStatus(75, 0)).toBe("degraded");
    expect(healthPercent([sample("rpc", 1)], 0)).toBe(100);
    expect(healthStatus(100, 0)).toBe("ok");
    // An instance whose figures could not be read counts as a failure.
    expect(healthPercent([sample("rpc", 1)], 1)).toBe(50);
    expect(healthStatus(50, 1)).toBe("failing");
    expect(healthStatus(40, 0)).toBe("failing");
  });

  it("the ring keeps the most recent events and counts all", () => {
    const ring = new EventRing();
    for (let i = 0; i < RECENT_EVENTS + 10; i++) ring.add(sample("rpc", i, i % 2 === 0));
    ring.add(sample("close", 0));
    expect(ring.samples).toHaveLength(RECENT_EVENTS);
    expect(ring.calls).toBe(RECENT_EVENTS + 10);
    expect(ring.errors).toBe((RECENT_EVENTS + 10) / 2);
    expect(Math.min(...ring.samples.map((s) => s.ms))).toBe(0);
    expect(ring.samples.filter((s) => s.kind === "rpc").every((s) => s.ms >= 11)).toBe(true);
  });
});
