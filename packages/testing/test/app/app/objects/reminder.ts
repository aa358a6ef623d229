import { defineDurableObject } from "dorm";

/** A KV-backed object with the platform alarm alone (no scheduler table). */
export default defineDurableObject({
  storage: "kv",
  init: () => ({ note: null as string | null, fired: [] as string[] }),
  methods: {
    async remindAt(ctx, at: number, note: string) {
      ctx.setState((s) => ({ ...s, note }));
      await ctx.setAlarm(at);
    },
    fired(ctx) {
      return ctx.state.fired;
    },
    alarmTime(ctx) {
      return ctx.getAlarm();
    },
  },
  alarm(ctx) {
    ctx.setState((s) => ({ note: null, fired: [...s.fired, s.note ?? "?"] }));
  },
});
