import { defineDurableObject } from "dorm";

/** Schedules of every kind, each recording its runs. */
export default defineDurableObject({
  init: () => ({ runs: [] as string[] }),
  methods: {
    async plan(ctx) {
      await ctx.schedule(60 * 60_000, "record", "once");
      await ctx.scheduleEvery(10 * 60_000, "record", "every");
      await ctx.schedule("0 9 * * *", "record", "cron");
      await ctx.setAlarm(Date.now() + 2 * 60 * 60_000);
      return ctx.listSchedules().map((t) => ({ payload: t.payload, due: t.due }));
    },
    schedules(ctx) {
      return ctx.listSchedules().map((t) => ({ payload: t.payload, due: t.due }));
    },
    record(ctx, what: string) {
      ctx.setState((s) => ({ runs: [...s.runs, what] }));
    },
    async flaky(ctx) {
      await ctx.schedule(60_000, "explode", undefined, { retries: 1 });
    },
    explode() {
      throw new Error("scheduled failure");
    },
    runs(ctx) {
      return ctx.state.runs;
    },
  },
  alarm(ctx) {
    ctx.setState((s) => ({ runs: [...s.runs, "alarm"] }));
  },
});
