import { defineDurableObject } from "dorm";

export interface CounterState {
  count: number;
  /** Set by the alarm: which counter it reset, and when. */
  lastAlarm: { name: string; firedAt: number } | null;
}

export default defineDurableObject({
  init: (): CounterState => ({ count: 0, lastAlarm: null }),

  methods: {
    increment(ctx, by: number = 1) {
      ctx.setState((s) => ({ ...s, count: s.count + by }));
      return ctx.state.count;
    },

    decrement(ctx, by: number = 1) {
      ctx.setState((s) => ({ ...s, count: s.count - by }));
      return ctx.state.count;
    },

    reset(ctx) {
      ctx.setState((s) => ({ ...s, count: 0 }));
      return 0;
    },

    get(ctx) {
      return ctx.state.count;
    },

    /** Reset the counter at `at` (epoch ms), from an alarm. */
    async resetAt(ctx, at: number) {
      await ctx.setAlarm(at);
      return at;
    },

    lastAlarm(ctx) {
      return ctx.state.lastAlarm;
    },
  },

  alarm(ctx) {
    ctx.setState((s) => ({ ...s, count: 0, lastAlarm: { name: ctx.name, firedAt: Date.now() } }));
  },
});
