// Item 5: after ctx.storage.deleteAll(), schedules and alarms failed until the object was
// evicted ("no such table: __dorm_schedules"), though Cloudflare's own alarms example calls
// deleteAll() inside alarm(). Now the scheduler starts over with the storage it lives in.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../../packages/dorm/test/until.js";
import { ABUSE_APP, runApp, type RunningApp } from "./harness.js";

interface Clock {
  wipeThenSchedule(delayMs: number): Promise<{ afterWipe: { schedules: number; alarm: number | null }; scheduled: string }>;
  wipeFromCallback(): Promise<void>;
  ticks(): Promise<unknown[]>;
}

let app: RunningApp;
beforeAll(async () => {
  app = await runApp(ABUSE_APP);
});
afterAll(() => app?.dispose());

async function clock(): Promise<Clock> {
  const ns = await app.mf.getDurableObjectNamespace("CLOCK");
  return ns.get(ns.idFromName(randomUUID())) as unknown as Clock;
}

describe("5. storage.deleteAll() leaves a working scheduler", () => {
  it("from a method: the schedules and the alarm went with the storage; a new schedule fires", async () => {
    const c = await clock();
    expect(await c.wipeThenSchedule(50)).toEqual({ afterWipe: { schedules: 0, alarm: null }, scheduled: "accepted" });
    expect(await until(() => c.ticks(), (t) => t.length > 0)).toEqual(["after the wipe"]);
  });

  it("from a scheduled callback (Cloudflare's alarms example): the callback schedules again, and that fires", async () => {
    const c = await clock();
    await c.wipeFromCallback();
    expect(await until(() => c.ticks(), (t) => t.length > 0)).toEqual(["from the callback"]);
  });
});
