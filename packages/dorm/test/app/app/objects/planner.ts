import { defineDurableObject, type ScheduledTask } from "dorm";
import type { Fired } from "../planner-types.js";

async function record(ctx: { storage: { get<T>(k: string): Promise<T | undefined>; put(k: string, v: unknown): Promise<void> } }, entry: Fired) {
  const log = (await ctx.storage.get<Fired[]>("fired")) ?? [];
  log.push(entry);
  await ctx.storage.put("fired", log);
}

// Exercises the scheduler: callbacks record what they saw (name, state) in storage.
export default defineDurableObject({
  init: (ctx) => ({ label: `planner of ${ctx.name}` }),
  methods: {
    async plan(ctx, items: { delayMs?: number; at?: number; method: "record" | "fail"; payload?: unknown; retries?: number; backoffMs?: number }[]) {
      const tasks: ScheduledTask[] = [];
      for (const item of items) {
        const when = item.at !== undefined ? new Date(item.at) : item.delayMs!;
        tasks.push(await ctx.schedule(when, item.method, item.payload, { retries: item.retries, backoffMs: item.backoffMs }));
      }
      return tasks.map((t) => t.id);
    },
    async every(ctx, ms: number, payload: unknown) {
      const a = await ctx.scheduleEvery(ms, "record", payload);
      const b = await ctx.scheduleEvery(ms, "record", payload);
      return { same: a.id === b.id, schedules: ctx.listSchedules().map((t) => ({ id: t.id, kind: t.kind, intervalMs: t.intervalMs })) };
    },
    cancel(ctx, id: string) {
      return ctx.cancelSchedule(id);
    },
    /** cancelSchedule's answer, or its error's message (miniflare's stub loses thrown errors). */
    async tryCancel(ctx, id: string) {
      try {
        return await ctx.cancelSchedule(id);
      } catch (error) {
        return (error as Error).message;
      }
    },
    alarmAt(ctx) {
      return ctx.getAlarm();
    },
    list(ctx) {
      return ctx.listSchedules();
    },
    async ownAlarm(ctx, delayMs: number) {
      await ctx.setAlarm(Date.now() + delayMs);
      return ctx.getAlarm();
    },
    async record(ctx, payload: unknown, task?: ScheduledTask) {
      // Lets a test see that the callback ran without calling (and so waking) the object.
      console.log(`planner fired: ${ctx.name} ${JSON.stringify(payload)}`);
      await record(ctx, { method: "record", payload, name: ctx.name, label: ctx.state.label, attempts: task?.attempts ?? -1, at: Date.now() });
    },
    async fail(ctx, payload: unknown, task?: ScheduledTask) {
      await record(ctx, { method: "fail", payload, name: ctx.name, label: ctx.state.label, attempts: task?.attempts ?? -1, at: Date.now() });
      throw new Error(`fail on purpose (${String(payload)})`);
    },
    async fired(ctx) {
      return (await ctx.storage.get<Fired[]>("fired")) ?? [];
    },
    async badSchedules(ctx) {
      const errors: string[] = [];
      // The types refuse the unknown method and the function payload; the runtime must refuse
      // them too (JavaScript callers, casts), hence `as never`.
      const attempts: (() => Promise<unknown>)[] = [
        () => ctx.schedule(10, "nope" as never),
        () => ctx.schedule("not a cron", "record"),
        () => ctx.schedule(new Date("x"), "record"),
        () => ctx.scheduleEvery(0, "record"),
        () => ctx.schedule(10, "record", (() => 1) as never),
        () => ctx.schedule(10, "record", undefined, { retries: -1 }),
        () => ctx.schedule(10, "record", "x".repeat(2_000_001)),
      ];
      for (const attempt of attempts) {
        try {
          await attempt();
          errors.push("accepted");
        } catch (error) {
          errors.push((error as Error).message);
        }
      }
      return { errors, pending: ctx.listSchedules().length };
    },
  },
  async alarm(ctx, info) {
    await record(ctx, { method: "alarm", payload: null, name: ctx.name, label: ctx.state.label, attempts: info?.retryCount ?? -1, at: Date.now() });
  },
});
