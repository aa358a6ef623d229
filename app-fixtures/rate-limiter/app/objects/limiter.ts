import { defineDurableObject } from "dorm";
import { type Bucket, type BucketConfig, take, tokensAt } from "./_bucket.js";

// One limiter per client key (`durableObjects.limiter.get(apiKey)`). Its whole storage is its
// state: one bucket, read and written in place. Methods never await between reading and
// writing it, so concurrent requests are counted one after another, exactly.
export default defineDurableObject({
  init: (): Bucket | null => null,

  validateState: (bucket) => bucket === null || (bucket.tokens >= 0 && Number.isFinite(bucket.tokens) && Number.isFinite(bucket.updatedAt)),

  methods: {
    /** Takes `cost` requests' worth from the bucket, if it has them. */
    take(ctx, config: BucketConfig, cost: number = 1) {
      const decision = take(ctx.state, config, Date.now(), cost);
      if (decision.next) ctx.setState(decision.next);
      return { allowed: decision.allowed, remaining: decision.remaining, retryAfterMs: decision.retryAfterMs, limit: config.limit };
    },

    /** Requests allowed right now, without taking any. */
    remaining(ctx, config: BucketConfig) {
      return Math.floor(tokensAt(ctx.state, config, Date.now()));
    },

    /** Forget this client's history: a full bucket. */
    reset(ctx) {
      ctx.setState(null);
    },

    /** The storage keys this limiter holds (it should be one, however busy the client). */
    async footprint(ctx) {
      return [...(await ctx.raw.storage.list()).keys()];
    },
  },
});
