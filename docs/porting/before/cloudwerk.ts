import { defineDurableObject } from "@cloudwerk/durable-object";
import { durableObjects } from "@cloudwerk/core/bindings";

// A cloudwerk counter, and a call to it.
interface CounterState {
  count: number;
}

export const counter = defineDurableObject<CounterState>({
  init: async () => ({ count: 0 }),
  methods: {
    async increment(ctx, amount: number = 1) {
      ctx.setState({ count: ctx.state.count + amount });
      await ctx.storage.put("state", ctx.state);
      return ctx.state.count;
    },
    async getCount(ctx) {
      return ctx.state.count;
    },
  },
});

export async function fiveMore(): Promise<unknown> {
  return durableObjects.counter!.get("user-123").increment!(5);
}
