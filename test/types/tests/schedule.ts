// Type tests, schedules: ctx.schedule and ctx.scheduleEvery call one of the definition's methods,
// with a payload that comes back unchanged from JSON (it is stored as JSON).
import { defineDurableObject, type ScheduledTask } from "dorm";
import { assertType, type Equal } from "./assert.js";

export function schedulesAreTyped(): void {
  defineDurableObject({
    init: () => ({ runs: 0 }),
    methods: {
      async plan(ctx) {
        const task = await ctx.schedule(60_000, "expire", { token: 7 });
        assertType<Equal<typeof task, ScheduledTask<{ token: number }>>>();
        await ctx.schedule(new Date(Date.now() + 1_000), "tick");
        await ctx.schedule("0 9 * * 1", "report", undefined, { timezone: "Europe/Paris" });
        await ctx.scheduleEvery(10_000, "tick");
        await ctx.schedule(1_000, "expire", { token: 7, at: new Date().toISOString(), tags: ["a"], meta: null });
        // Mistake 5: a method the definition does not have.
        // @ts-expect-error "notAMethod" is not one of the methods
        await ctx.schedule(1_000, "notAMethod");
        // @ts-expect-error scheduleEvery too
        await ctx.scheduleEvery(1_000, "tik");
        // Mistake 5: a payload of the wrong type for JSON. A Date arrives as a string.
        // @ts-expect-error a Date arrives as a string through JSON
        await ctx.schedule(1_000, "expire", { token: 7, at: new Date() });
        // @ts-expect-error a function cannot go through JSON
        await ctx.schedule(1_000, "expire", () => 7);
        // @ts-expect-error a Map arrives as {}
        await ctx.schedule(1_000, "expire", new Map([["token", 7]]));
        // @ts-expect-error a bigint cannot go through JSON
        await ctx.schedule(1_000, "expire", { token: 7n });
      },
      expire(ctx, payload: { token: number }) {
        ctx.setState((s) => ({ runs: s.runs + payload.token }));
      },
      tick(ctx) {
        ctx.setState((s) => ({ runs: s.runs + 1 }));
      },
      report() {},
    },
  });
}

export function initCanSchedule(): void {
  defineDurableObject({
    async init(ctx) {
      await ctx.schedule(1_000, "tick");
      // @ts-expect-error init's ctx knows the methods too
      await ctx.schedule(1_000, "tock");
      return { ticks: 0 };
    },
    methods: {
      tick: (ctx) => ctx.setState((s) => ({ ticks: s.ticks + 1 })),
    },
  });
}

export function withoutMethodsNothingToSchedule(): void {
  defineDurableObject({
    async alarm(ctx) {
      // @ts-expect-error no methods are known here: a schedule calls one of the definition's methods
      await ctx.schedule(1_000, "anything");
    },
  });
}
