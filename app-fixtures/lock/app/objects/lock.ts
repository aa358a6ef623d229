import { defineDurableObject } from "dorm";
import type { Acquired, LockState } from "../types.js";

const MAX_TTL_MS = 24 * 60 * 60_000;
/** The scheduler key of the running lease: one expiry schedule per lock, replaced on renewal. */
const LEASE = "lease";

function checkTtl(ttlMs: unknown): number {
  if (typeof ttlMs !== "number" || !Number.isFinite(ttlMs) || ttlMs < 1 || ttlMs > MAX_TTL_MS) {
    throw new RangeError(`ttlMs must be a number of milliseconds from 1 to ${MAX_TTL_MS}, got ${String(ttlMs)}`);
  }
  return Math.trunc(ttlMs);
}

function checkHolder(holder: unknown): string {
  if (typeof holder !== "string" || holder.length === 0 || holder.length > 256) {
    throw new TypeError("holder must be a non-empty string of at most 256 characters");
  }
  return holder;
}

const held = (s: LockState, now: number): s is LockState & { holder: string; expiresAt: number } =>
  s.holder !== null && s.expiresAt !== null && s.expiresAt > now;

/**
 * A distributed lock with leases and fencing tokens. A lease ends when its holder releases it
 * or when it expires; the expiry is a schedule, so the lock frees itself even if nobody asks.
 * Every grant gets a larger token: a resource that remembers the largest token it has seen
 * (see ledger.ts) rejects a holder whose lease was taken over.
 */
export default defineDurableObject({
  init: (): LockState => ({ holder: null, token: 0, expiresAt: null }),
  methods: {
    async acquire(ctx, holder: string, ttlMs: number): Promise<Acquired> {
      checkHolder(holder);
      const ttl = checkTtl(ttlMs);
      const now = Date.now();
      if (held(ctx.state, now)) return { acquired: false, holder: ctx.state.holder, expiresAt: ctx.state.expiresAt };
      const next: LockState = { holder, token: ctx.state.token + 1, expiresAt: now + ttl };
      await ctx.setState(next);
      await ctx.schedule(new Date(next.expiresAt!), "expire", { token: next.token }, { key: LEASE });
      return { acquired: true, token: next.token, expiresAt: next.expiresAt! };
    },

    /** Extend a lease still held; the token stays the same. */
    async renew(ctx, holder: string, token: number, ttlMs: number): Promise<{ renewed: boolean; expiresAt: number | null }> {
      const ttl = checkTtl(ttlMs);
      const now = Date.now();
      if (!held(ctx.state, now) || ctx.state.holder !== holder || ctx.state.token !== token) {
        return { renewed: false, expiresAt: null };
      }
      const expiresAt = now + ttl;
      await ctx.setState({ ...ctx.state, expiresAt });
      await ctx.schedule(new Date(expiresAt), "expire", { token }, { key: LEASE });
      return { renewed: true, expiresAt };
    },

    /** Give the lock back; only the current holder with the current token can. */
    async release(ctx, holder: string, token: number): Promise<boolean> {
      if (ctx.state.holder !== holder || ctx.state.token !== token) return false;
      await ctx.setState({ ...ctx.state, holder: null, expiresAt: null });
      await ctx.cancelSchedule(LEASE);
      return true;
    },

    status(ctx): LockState {
      return held(ctx.state, Date.now()) ? ctx.state : { ...ctx.state, holder: null, expiresAt: null };
    },

    /** The lease's expiry schedule. A stale one (the lease was renewed or re-granted) does nothing. */
    async expire(ctx, payload: { token: number }) {
      if (ctx.state.token !== payload.token || ctx.state.holder === null) return;
      if (ctx.state.expiresAt !== null && ctx.state.expiresAt > Date.now()) return;
      await ctx.setState({ ...ctx.state, holder: null, expiresAt: null });
    },
  },
});
