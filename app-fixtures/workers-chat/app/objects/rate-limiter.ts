import { defineDurableObject } from "dorm";

// One per IP address: how long it must wait before its next message. The time lives in memory,
// as in the original (a restart forgives everyone).
export default defineDurableObject({
  memory: () => ({ nextAllowedTime: 0 }),
  methods: {
    /** An action was taken: the seconds to wait before the next (one per 5 s, with a 20 s grace). */
    hit(ctx) {
      const now = Date.now() / 1000;
      ctx.memory.nextAllowedTime = Math.max(now, ctx.memory.nextAllowedTime) + 5;
      return Math.max(0, ctx.memory.nextAllowedTime - now - 20);
    },
  },
});
