import { defineDurableObject } from "dorm";

// The activation hook and per-instance memory: `memory` is built and `activate` runs on every
// start of the instance, before any event; nothing in memory is persisted.
export default defineDurableObject({
  binding: "VISITS",
  init: () => ({ visits: 0 }),
  memory: () => ({ activation: 0, seen: [] as string[] }),
  async activate(ctx) {
    if (ctx.name.startsWith("broken")) throw new Error(`cannot start ${ctx.name}`);
    // Waits on I/O: concurrent first calls must still see one activation, finished.
    const activation = ((await ctx.storage.get<number>("activations")) ?? 0) + 1;
    await ctx.storage.put("activations", activation);
    await new Promise((resolve) => setTimeout(resolve, 30));
    ctx.memory.activation = activation;
  },
  methods: {
    visit(ctx, who: string) {
      ctx.memory.seen.push(who);
      void ctx.setState({ visits: ctx.state.visits + 1 });
      return { activation: ctx.memory.activation, seen: [...ctx.memory.seen], visits: ctx.state.visits };
    },
    async wipe(ctx) {
      await ctx.storage.deleteAll();
      return { activation: ctx.memory.activation, seen: ctx.memory.seen.length, state: ctx.state };
    },
  },
});
