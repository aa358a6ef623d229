import { describe, expect, it } from "vitest";
import { CallRing, health, latency, percentile, RECENT_CALLS } from "./stats.js";

describe("dev status aggregation", () => {
  it("percentile is nearest-rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 99)).toBe(0);
  });

  it("latency gives avg and p99, null without calls", () => {
    expect(latency([])).toBeNull();
    const samples = Array.from({ length: 200 }, (_, i) => ({ ms: i < 196 ? 1 : 100, ok: true }));
    expect(latency(samples)).toEqual({ avg: 2.98, p99: 100 });
  });

  it("health: idle, ok, degraded, failing", () => {
    expect(health([], 0)).toBe("idle");
    expect(health([{ ms: 1, ok: true }], 0)).toBe("ok");
    expect(health([{ ms: 1, ok: true }, { ms: 1, ok: true }, { ms: 1, ok: false }], 0)).toBe("degraded");
    expect(health([{ ms: 1, ok: false }, { ms: 1, ok: false }, { ms: 1, ok: true }], 0)).toBe("failing");
    expect(health([{ ms: 1, ok: true }], 1)).toBe("failing");
  });

  it("the ring keeps the most recent calls and counts all", () => {
    const ring = new CallRing();
    for (let i = 0; i < RECENT_CALLS + 10; i++) ring.add({ ms: i, ok: i % 2 === 0 });
    expect(ring.samples).toHaveLength(RECENT_CALLS);
    expect(ring.total).toBe(RECENT_CALLS + 10);
    expect(ring.errors).toBe((RECENT_CALLS + 10) / 2);
    expect(Math.min(...ring.samples.map((s) => s.ms))).toBe(10);
  });
});
