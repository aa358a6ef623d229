import { defineDurableObject } from "dorm";

// An object that uses none of the runtime's optional features, so its build bundles none
// (test/features.test.ts). A member reached by a computed name is how code the build cannot
// read (a package, say) would call it.
type Members = Record<string, unknown>;

export default defineDurableObject({
  methods: {
    /** Reads `ctx[member]` and calls it with `args` when it is a function: "ok", or the error's message. */
    async reach(ctx, member: string, ...args: unknown[]) {
      try {
        const value = (ctx as unknown as Members)[member];
        if (typeof value === "function") await value.apply(ctx, args);
        return "ok";
      } catch (error) {
        return (error as Error).message;
      }
    },

    /** What the core gives every object, features or not. */
    core(ctx) {
      // Without events, broadcast is a type error; called anyway (as JavaScript could) for the runtime's answer.
      return { name: ctx.name, sent: ctx.broadcast("hello" as never), connections: ctx.connections().length, sockets: ctx.getWebSockets().length };
    },
  },
});
