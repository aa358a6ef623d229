// Item 8: schedule(1e15) gave a raw "TypeError: This API doesn't support dates after 2189",
// left its row behind, the next identical call returned ok with no alarm, and every later alarm
// run failed, across restarts. Now every alarm time is checked before anything is written.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../../packages/dorm/test/until.js";
import { ABUSE_APP, runApp, type RunningApp } from "./harness.js";

interface Clock {
  farFuture(): Promise<{ errors: string[]; schedules: number; alarm: number | null }>;
  schedule(delayMs: number, payload: unknown): Promise<unknown>;
  ticks(): Promise<unknown[]>;
}

let app: RunningApp;
beforeAll(async () => {
  app = await runApp(ABUSE_APP);
});
afterAll(() => app?.dispose());

describe("8. alarm times past the platform's range are refused before anything is written", () => {
  it("schedule, scheduleEvery and setAlarm refuse them every time; nothing is left behind; later schedules fire", async () => {
    const ns = await app.mf.getDurableObjectNamespace("CLOCK");
    const clock = ns.get(ns.idFromName(randomUUID())) as unknown as Clock;
    const { errors, schedules, alarm } = await clock.farFuture();
    expect(errors).toHaveLength(5);
    for (const error of errors) expect(error).toMatch(/^\[DORM_BAD_(SCHEDULE|ALARM)\] .*in 2189 or later.*Nothing was scheduled\.$/);
    expect({ schedules, alarm }).toEqual({ schedules: 0, alarm: null });
    await clock.schedule(20, "after");
    expect(await until(() => clock.ticks(), (t) => t.length > 0)).toEqual(["after"]);
  });
});
