import { describe, expect, it } from "vitest";
import { nextCron } from "./cron.js";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe("nextCron", () => {
  it("finds the next match strictly after a time, in UTC or a given zone", () => {
    expect(nextCron("*/5 * * * *", "UTC", NOW, "x")).toBe(NOW + 5 * 60_000);
    expect(nextCron("0 9 * * *", "UTC", NOW, "x")).toBe(Date.UTC(2026, 10, 24, 9));
    // 09:00 in Paris is 08:00 UTC in November.
    expect(nextCron("0 9 * * *", "Europe/Paris", NOW, "x")).toBe(Date.UTC(2026, 10, 24, 8));
    expect(nextCron("*/10 * * * * *", "UTC", NOW + 1, "x")).toBe(NOW + 10_000);
  });
  it("names a bad expression, a bad zone, and one that never fires", () => {
    expect(() => nextCron("bogus", "UTC", NOW, "ctx.schedule")).toThrow(/DORM_BAD_CRON.*"bogus".*five fields/);
    expect(() => nextCron("* * * * *", "Mars/Olympus", NOW, "x")).toThrow(/DORM_BAD_CRON.*Mars\/Olympus/);
    expect(() => nextCron("0 0 30 2 *", "UTC", NOW, "x")).toThrow(/never matches/);
    // The next match is checked like every alarm time: the platform refuses 2189 and later.
    expect(() => nextCron("0 0 1 1 *", "UTC", Date.UTC(2188, 5, 1), "x")).toThrow(/DORM_BAD_CRON.*2189 or later/);
  });
});
