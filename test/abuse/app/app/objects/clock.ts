import { defineDurableObject, type ScheduledTask } from "dorm";

// Items 5 and 8: schedules around storage.deleteAll() and times past the platform's range.
// Callbacks record what ran in storage ("ticks").
async function attempt(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "accepted";
  } catch (error) {
    return (error as Error).message;
  }
}

export default defineDurableObject({
  methods: {
    /** Schedule, wipe everything, then schedule again (as any app that resets itself would). */
    async wipeThenSchedule(ctx, delayMs: number) {
      await ctx.schedule(60_000, "tick", "before the wipe");
      await ctx.setAlarm(Date.now() + 60_000);
      await ctx.storage.deleteAll();
      const afterWipe = { schedules: ctx.listSchedules().length, alarm: await ctx.getAlarm() };
      const scheduled = await attempt(() => ctx.schedule(delayMs, "tick", "after the wipe"));
      return { afterWipe, scheduled };
    },
    /** Cloudflare's alarms example: the scheduled callback wipes storage, then schedules again. */
    async wipeFromCallback(ctx) {
      await ctx.schedule(0, "wipeAndReschedule");
    },
    async wipeAndReschedule(ctx) {
      await ctx.storage.deleteAll();
      await ctx.schedule(10, "tick", "from the callback");
    },
    async tick(ctx, payload: unknown) {
      const ticks = (await ctx.storage.get<unknown[]>("ticks")) ?? [];
      await ctx.storage.put("ticks", [...ticks, payload]);
    },
    async ticks(ctx) {
      return (await ctx.storage.get<unknown[]>("ticks")) ?? [];
    },
    /** Times past the platform's range, twice each, then what is pending. */
    async farFuture(ctx) {
      const errors = [
        await attempt(() => ctx.schedule(1e15, "tick")),
        await attempt(() => ctx.schedule(1e15, "tick")),
        await attempt(() => ctx.scheduleEvery(1e15, "tick")),
        await attempt(() => ctx.schedule(new Date(8.64e15), "tick")),
        await attempt(() => ctx.setAlarm(1e15)),
      ];
      return { errors, schedules: ctx.listSchedules().length, alarm: await ctx.getAlarm() };
    },
    async schedule(ctx, delayMs: number, payload: unknown): Promise<ScheduledTask> {
      return ctx.schedule(delayMs, "tick", payload);
    },
  },
});
