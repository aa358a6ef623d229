import { defineDurableObject } from "dorm";

/**
 * A counter. Each name is its own object: `durableObjects.__accessor__.get("page-views")`.
 * Calls to one object run one at a time, so increments never race.
 */
export default defineDurableObject({
  init: () => ({ value: 0 }),
  methods: {
    async increment(ctx, by: number = 1) {
      if (!Number.isSafeInteger(by)) throw new RangeError(`by must be an integer, got ${by}`);
      await ctx.setState((s) => ({ value: s.value + by }));
      return ctx.state.value;
    },
    async decrement(ctx, by: number = 1) {
      if (!Number.isSafeInteger(by)) throw new RangeError(`by must be an integer, got ${by}`);
      await ctx.setState((s) => ({ value: s.value - by }));
      return ctx.state.value;
    },
    async reset(ctx) {
      await ctx.setState({ value: 0 });
      return 0;
    },
    get(ctx) {
      return ctx.state.value;
    },
  },
});
