import { defineDurableObject } from "dorm";

// Seed 002's RateLimiter: the same sliding window over `req:<time>` keys, called over RPC
// (`check(limit, window)`) instead of through fetch with query parameters.
export default defineDurableObject({
  storage: "kv",
  methods: {
    async check(ctx, limit: number, window: number) {
      const now = Date.now();
      const windowStart = now - window;
      const entries = await ctx.storage.list<number>({ prefix: "req:" });
      let count = 0;
      const toDelete: string[] = [];
      for (const [key, timestamp] of entries) {
        if (timestamp < windowStart) toDelete.push(key);
        else count++;
      }
      if (toDelete.length > 0) await ctx.storage.delete(toDelete);
      if (count >= limit) return { allowed: false, remaining: 0, reset: windowStart + window };
      await ctx.storage.put(`req:${now}`, now);
      return { allowed: true, remaining: limit - count - 1, reset: windowStart + window };
    },
  },
});
