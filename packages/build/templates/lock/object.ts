import { defineDurableObject } from "dorm";

interface Lease {
  holder: string | null;
  /** Fencing token: grows with every grant. Guarded resources refuse tokens older than the newest they saw. */
  token: number;
  expiresAt: number | null;
}

const held = (lease: Lease, now: number) => lease.holder !== null && lease.expiresAt !== null && lease.expiresAt > now;

/**
 * A lock with leases (`durableObjects.__accessor__.get("invoice-42")`). A lease ends when its
 * holder releases it or when it expires; the expiry is scheduled, so a crashed holder's lock frees
 * itself. Pass the token to whatever the lock protects, and have it refuse older tokens.
 */
export default defineDurableObject({
  init: (): Lease => ({ holder: null, token: 0, expiresAt: null }),
  methods: {
    async acquire(ctx, holder: string, ttlMs: number) {
      if (typeof holder !== "string" || holder === "") throw new TypeError("holder must be a non-empty string");
      if (!Number.isFinite(ttlMs) || ttlMs < 1) throw new RangeError(`ttlMs must be a positive number, got ${ttlMs}`);
      const now = Date.now();
      if (held(ctx.state, now)) return { acquired: false as const, holder: ctx.state.holder!, expiresAt: ctx.state.expiresAt! };
      const lease = { holder, token: ctx.state.token + 1, expiresAt: now + ttlMs };
      await ctx.setState(lease);
      // One expiry schedule per lock (the key), replaced by each grant.
      await ctx.schedule(new Date(lease.expiresAt), "expire", { token: lease.token }, { key: "lease" });
      return { acquired: true as const, token: lease.token, expiresAt: lease.expiresAt };
    },
    async release(ctx, holder: string, token: number) {
      if (ctx.state.holder !== holder || ctx.state.token !== token) return false;
      await ctx.setState((s) => ({ ...s, holder: null, expiresAt: null }));
      await ctx.cancelSchedule("lease");
      return true;
    },
    status(ctx) {
      return held(ctx.state, Date.now()) ? ctx.state : { ...ctx.state, holder: null, expiresAt: null };
    },
    /** Scheduled at the lease's expiry; does nothing if the lease was released or re-granted. */
    async expire(ctx, payload: { token: number }) {
      if (ctx.state.token !== payload.token || held(ctx.state, Date.now())) return;
      await ctx.setState((s) => ({ ...s, holder: null, expiresAt: null }));
    },
  },
});
