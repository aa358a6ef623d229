import { describe, expect, it } from "vitest";
import { backoff, dueOf, nextInterval } from "./timing.js";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe("dueOf", () => {
  it("reads a Date, a delay, and clamps the past to now", () => {
    expect(dueOf(new Date(NOW + 5000), NOW, "x")).toBe(NOW + 5000);
    expect(dueOf(250, NOW, "x")).toBe(NOW + 250);
    expect(dueOf(new Date(NOW - 60_000), NOW, "x")).toBe(NOW);
    expect(dueOf(-5, NOW, "x")).toBe(NOW);
  });
  it("rejects an invalid date or delay", () => {
    expect(() => dueOf(new Date("nope"), NOW, "ctx.schedule")).toThrow(/DORM_BAD_SCHEDULE.*ctx\.schedule/);
    expect(() => dueOf(Number.NaN, NOW, "x")).toThrow(/DORM_BAD_SCHEDULE/);
  });
});

describe("nextInterval", () => {
  it("advances one interval when on time", () => {
    expect(nextInterval(NOW, 1000, NOW)).toBe(NOW + 1000);
  });
  it("skips missed slots but keeps the phase", () => {
    expect(nextInterval(NOW, 1000, NOW + 10_500)).toBe(NOW + 11_000);
    expect(nextInterval(NOW, 1000, NOW + 11_000)).toBe(NOW + 12_000);
  });
});

describe("backoff", () => {
  it("doubles from the base and caps at five minutes", () => {
    expect([1, 2, 3, 4].map((n) => backoff(n, 1000))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoff(30, 1000)).toBe(300_000);
  });
});
