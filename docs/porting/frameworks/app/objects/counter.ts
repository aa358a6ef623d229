// Seed 003 (cloudwerk's quick start) on dorm: the same definition, imported from "dorm". The
// `ctx.storage.put("state", ctx.state)` line is gone: setState persists the state itself.
import { defineDurableObject } from "dorm";

interface CounterState {
  count: number;
}

export default defineDurableObject({
  init: async (): Promise<CounterState> => ({ count: 0 }),

  methods: {
    async increment(ctx, amount: number = 1) {
      await ctx.setState({ count: ctx.state.count + amount });
      return ctx.state.count;
    },

    async getCount(ctx) {
      return ctx.state.count;
    },
  },
});
