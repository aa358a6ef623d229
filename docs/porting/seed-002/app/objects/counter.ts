import { defineDurableObject } from "dorm";

// Seed 002's Counter: the value it loaded into a field on first access is the object's state,
// loaded before any call and written by setState. Four routes became four RPC methods.
export default defineDurableObject({
  storage: "kv",
  init: () => ({ value: 0 }),
  methods: {
    get: (ctx) => ctx.state.value,
    increment(ctx, amount = 1) {
      void ctx.setState({ value: ctx.state.value + amount });
      return ctx.state.value;
    },
    decrement(ctx, amount = 1) {
      void ctx.setState({ value: ctx.state.value - amount });
      return ctx.state.value;
    },
    reset(ctx) {
      void ctx.setState({ value: 0 });
      return 0;
    },
  },
});
