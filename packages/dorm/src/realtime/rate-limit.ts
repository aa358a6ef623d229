import type { LiveConnection } from "./connection.js";
import type { Refusal } from "./envelope.js";
import { ErrorCode } from "./protocol.js";
import type { RateLimit } from "./settings.js";

export type { RateLimit };

/**
 * A token bucket for one connection. Kept in memory only: after hibernation a connection starts
 * with a full bucket, which is what it would have refilled to over the idle time anyway.
 */
export class TokenBucket {
  #tokens: number;
  #at: number;
  private readonly limit: RateLimit;

  constructor(limit: RateLimit, now: number) {
    this.limit = limit;
    this.#tokens = limit.burst;
    this.#at = now;
  }

  /** Take one token: 0 when the frame may pass, else the milliseconds until one is available. */
  take(now: number): number {
    const elapsed = Math.max(0, now - this.#at);
    this.#at = now;
    this.#tokens = Math.min(this.limit.burst, this.#tokens + (elapsed * this.limit.perSecond) / 1000);
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#tokens) * 1000) / this.limit.perSecond);
  }
}

/**
 * Frames allowed now under `limit`, or the refusal to send (in memory: see TokenBucket). Both
 * protocols use it. The realtime part `rateLimit`: bundled only for apps whose objects keep a
 * rate limit (the default; `rateLimit: false` turns it off).
 */
export function rateLimitPart(limit: RateLimit | null, conn: LiveConnection): Refusal | null {
  if (!limit) return null;
  const now = Date.now();
  conn.bucket ??= new TokenBucket(limit, now);
  const wait = conn.bucket.take(now);
  if (wait === 0) return null;
  return {
    code: ErrorCode.RATE_LIMITED,
    message: `too many frames: this object accepts ${limit.burst} at once and ${limit.perSecond} a second per connection; this frame was dropped, retry in ${wait} ms.`,
    retryAfterMs: wait,
  };
}
