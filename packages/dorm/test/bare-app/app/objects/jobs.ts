import { defineDurableObject } from "dorm";

// Schedules, but its code holds no cron string: the build bundles the scheduler, not the cron parser.
export default defineDurableObject({
  methods: {
    async plan(ctx, when: string | number) {
      try {
        return (await ctx.schedule(when, "run")).kind;
      } catch (error) {
        return (error as Error).message;
      }
    },

    run() {},
  },
});
