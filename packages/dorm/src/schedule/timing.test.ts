import { describe, expect, it } from "vitest";
import { backoff, checkAlarmTime, dueOf, firstInterval, nextInterval } from "./timing.js";

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

describe("checkAlarmTime: every alarm time, before anything is written", () => {
  it("keeps 1970 to the end of 2188 (in whole ms), refuses the rest with the code it is given", () => {
    expect(checkAlarmTime(NOW + 0.7, "x")).toBe(NOW);
    expect(checkAlarmTime(0, "x")).toBe(0);
    expect(checkAlarmTime(Date.UTC(2189, 0, 1) - 1, "x")).toBe(Date.UTC(2189, 0, 1) - 1);
    expect(() => checkAlarmTime(Date.UTC(2189, 0, 1), "ctx.setAlarm")).toThrow(/DORM_BAD_ALARM.*ctx\.setAlarm.*2189 or later/);
    expect(() => checkAlarmTime(-1, "x")).toThrow(/before 1970/);
    expect(() => checkAlarmTime(Number.NaN, "x", "nope", "DORM_BAD_SCHEDULE")).toThrow(/DORM_BAD_SCHEDULE.*got nope/);
  });
  it("is what dueOf and firstInterval apply (and nextCron: cron.test.ts)", () => {
    expect(() => dueOf(1e15, NOW, "ctx.schedule")).toThrow(/DORM_BAD_SCHEDULE.*ctx\.schedule: a delay of 1000000000000000 ms is in 2189 or later/);
    expect(() => dueOf(new Date(8.64e15), NOW, "x")).toThrow(/DORM_BAD_SCHEDULE/);
    expect(firstInterval(1000.9, NOW, "x")).toBe(NOW + 1000);
    expect(() => firstInterval(1e15, NOW, "ctx.scheduleEvery")).toThrow(/DORM_BAD_SCHEDULE.*an interval of 1000000000000000 ms/);
    expect(() => firstInterval(0, NOW, "x")).toThrow(/positive number/);
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
