import { defineDurableObject } from "dorm";

export interface CounterState {
  count: number;
}

// The same work as the hand-written HandCounter in ../rpc-hand/worker.ts.
export default defineDurableObject({
  init: (): CounterState => ({ count: 0 }),

  methods: {
    increment(ctx, by: number) {
      ctx.setState((s) => ({ ...s, count: s.count + by }));
      return ctx.state.count;
    },

    get(ctx) {
      return ctx.state.count;
    },
  },
});
