import { defineDurableObject } from "dorm";
import type { Acquired, LockState, LockStatus } from "../types.js";

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

const held = (s: LockState, now: number): s is LockState & { holder: string; expiresAt: number; lease: string } =>
  s.holder !== null && s.expiresAt !== null && s.lease !== null && s.expiresAt > now;

/**
 * Whether `given` is the current lease, compared without stopping at the first difference (a
 * lease is a UUID: its length says nothing). Synchronous on purpose: no other call can run
 * between this check and the write that follows it.
 */
function isLease(given: unknown, lease: string | null): boolean {
  if (typeof given !== "string" || lease === null || given.length !== lease.length) return false;
  let difference = 0;
  for (let i = 0; i < lease.length; i++) difference |= given.charCodeAt(i) ^ lease.charCodeAt(i);
  return difference === 0;
}

/**
 * A distributed lock with leases and fencing tokens. A lease ends when its holder releases it
 * or when it expires; the expiry is a schedule, so the lock frees itself even if nobody asks.
 * Every grant gets a larger token: a resource that remembers the largest token it has seen
 * (see ledger.ts) rejects a holder whose lease was taken over. The grant's token and lease secret
 * go to its holder only: renewing, releasing and writing need the lease, which nobody can guess.
 */
export default defineDurableObject({
  init: (): LockState => ({ holder: null, token: 0, expiresAt: null, lease: null }),
  methods: {
    async acquire(ctx, holder: string, ttlMs: number): Promise<Acquired> {
      checkHolder(holder);
      const ttl = checkTtl(ttlMs);
      const now = Date.now();
      if (held(ctx.state, now)) return { acquired: false, holder: ctx.state.holder, expiresAt: ctx.state.expiresAt };
      const next = { holder, token: ctx.state.token + 1, expiresAt: now + ttl, lease: crypto.randomUUID() };
      await ctx.setState(next);
      await ctx.schedule(new Date(next.expiresAt), "expire", { token: next.token }, { key: LEASE });
      return { acquired: true, token: next.token, lease: next.lease, expiresAt: next.expiresAt };
    },

    /** Extend a lease still held; the token stays the same. */
    async renew(ctx, lease: string, ttlMs: number): Promise<{ renewed: boolean; expiresAt: number | null }> {
      const ttl = checkTtl(ttlMs);
      const now = Date.now();
      if (!held(ctx.state, now) || !isLease(lease, ctx.state.lease)) return { renewed: false, expiresAt: null };
      const expiresAt = now + ttl;
      await ctx.setState({ ...ctx.state, expiresAt });
      await ctx.schedule(new Date(expiresAt), "expire", { token: ctx.state.token }, { key: LEASE });
      return { renewed: true, expiresAt };
    },

    /** Give the lock back; only the current lease can. */
    async release(ctx, lease: string): Promise<boolean> {
      if (!isLease(lease, ctx.state.lease)) return false;
      await ctx.setState({ ...ctx.state, holder: null, expiresAt: null, lease: null });
      await ctx.cancelSchedule(LEASE);
      return true;
    },

    /** Who holds the lock and until when: never the token or the lease. */
    status(ctx): LockStatus {
      return held(ctx.state, Date.now()) ? { holder: ctx.state.holder, expiresAt: ctx.state.expiresAt } : { holder: null, expiresAt: null };
    },

    /** The grant `lease` is for, while it is held: what a write to the protected resource is fenced with. */
    holding(ctx, lease: string): { holder: string; token: number } | null {
      return held(ctx.state, Date.now()) && isLease(lease, ctx.state.lease) ? { holder: ctx.state.holder, token: ctx.state.token } : null;
    },

    /** The lease's expiry schedule. A stale one (the lease was renewed or re-granted) does nothing. */
    async expire(ctx, payload: { token: number }) {
      if (ctx.state.token !== payload.token || ctx.state.holder === null) return;
      if (ctx.state.expiresAt !== null && ctx.state.expiresAt > Date.now()) return;
      await ctx.setState({ ...ctx.state, holder: null, expiresAt: null, lease: null });
    },
  },
});
