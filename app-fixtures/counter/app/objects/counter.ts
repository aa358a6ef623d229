import { defineDurableObject } from "dorm";

export interface CounterState {
  count: number;
  /** Set by the alarm: which counter it reset, and when. */
  lastAlarm: { name: string; firedAt: number } | null;
}

/**
 * The count after adding `by`: an exact integer, or a RangeError (nothing changes). Past
 * Number.MAX_SAFE_INTEGER a number can no longer count by one.
 */
function added(count: number, by: number): number {
  const next = count + by;
  if (!Number.isSafeInteger(by) || !Number.isSafeInteger(next)) {
    throw new RangeError(`the counter stays between ±${Number.MAX_SAFE_INTEGER} and moves by whole numbers; ${count} + ${by} does not`);
  }
  return next;
}

export default defineDurableObject({
  init: (): CounterState => ({ count: 0, lastAlarm: null }),

  methods: {
    increment(ctx, by: number = 1) {
      ctx.setState((s) => ({ ...s, count: added(s.count, by) }));
      return ctx.state.count;
    },

    decrement(ctx, by: number = 1) {
      ctx.setState((s) => ({ ...s, count: added(s.count, -by) }));
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
