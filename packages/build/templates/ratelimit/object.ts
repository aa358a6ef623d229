import { defineDurableObject } from "dorm";

/** How many requests a key may make: `capacity` at once, refilled at `refillPerSecond`. */
const CAPACITY = 10;
const REFILL_PER_SECOND = 1;

interface Bucket {
  tokens: number;
  /** When `tokens` was last computed (epoch ms). */
  at: number;
}

export interface Decision {
  allowed: boolean;
  /** Tokens left after this request. */
  remaining: number;
  /** When `allowed` is false: how long until one token is back. */
  retryAfterMs: number;
}

/**
 * A token-bucket rate limiter, one object per client key
 * (`durableObjects.__accessor__.get(ip).take()`). Each check reads and writes one small state
 * value, whatever the traffic: storage per check is O(1).
 */
export default defineDurableObject({
  init: (): Bucket => ({ tokens: CAPACITY, at: 0 }),
  methods: {
    async take(ctx, cost: number = 1): Promise<Decision> {
      if (!Number.isFinite(cost) || cost <= 0 || cost > CAPACITY) {
        throw new RangeError(`cost must be between 0 and ${CAPACITY}, got ${cost}`);
      }
      const now = Date.now();
      const refilled = Math.min(CAPACITY, ctx.state.tokens + ((now - ctx.state.at) / 1000) * REFILL_PER_SECOND);
      if (refilled < cost) {
        await ctx.setState({ tokens: refilled, at: now });
        const retryAfterMs = Math.ceil(((cost - refilled) / REFILL_PER_SECOND) * 1000);
        return { allowed: false, remaining: Math.floor(refilled), retryAfterMs };
      }
      await ctx.setState({ tokens: refilled - cost, at: now });
      return { allowed: true, remaining: Math.floor(refilled - cost), retryAfterMs: 0 };
    },
    async reset(ctx) {
      await ctx.setState({ tokens: CAPACITY, at: Date.now() });
    },
  },
});
