import { defineDurableObject } from "dorm";

export interface CounterState {
  count: number;
  /** Set by the alarm: which counter it reset, and when. */
  lastAlarm: { name: string; firedAt: number } | null;
}

/** The key of the repeating reset: one per counter, replaced when the interval changes. */
const RESET_EVERY = "reset-every";

/** A count past this would lose precision: refused instead. */
function checked(next: number): number {
  if (!Number.isSafeInteger(next)) throw new RangeError(`the count would become ${next}, beyond the safe integers (±${Number.MAX_SAFE_INTEGER}); reset it first.`);
  return next;
}

export default defineDurableObject({
  init: (): CounterState => ({ count: 0, lastAlarm: null }),

  methods: {
    increment(ctx, by: number = 1) {
      ctx.setState((s) => ({ ...s, count: checked(s.count + by) }));
      return ctx.state.count;
    },

    decrement(ctx, by: number = 1) {
      ctx.setState((s) => ({ ...s, count: checked(s.count - by) }));
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

    /** Reset the counter every `intervalMs` (a schedule: it survives restarts); 0 stops it. */
    async resetEvery(ctx, intervalMs: number) {
      const existing = ctx.listSchedules().find((task) => task.id === RESET_EVERY);
      if (existing) await ctx.cancelSchedule(existing.id);
      if (intervalMs > 0) await ctx.scheduleEvery(intervalMs, "reset", undefined, { key: RESET_EVERY });
      return intervalMs;
    },

    lastAlarm(ctx) {
      return ctx.state.lastAlarm;
    },
  },

  alarm(ctx) {
    ctx.setState((s) => ({ ...s, count: 0, lastAlarm: { name: ctx.name, firedAt: Date.now() } }));
  },
});
