import { defineDurableObject } from "dorm";

// init waits on I/O; concurrent first calls must still see exactly one run.
export default defineDurableObject({
  async init(ctx) {
    const runs = ((await ctx.raw.storage.get<number>("init-runs")) ?? 0) + 1;
    await ctx.raw.storage.put("init-runs", runs);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { runs };
  },
  methods: {
    runs(ctx) {
      return ctx.state.runs;
    },
  },
});
