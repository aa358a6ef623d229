// Token bucket arithmetic, pure: the limiter object stores one bucket per client and calls
// `take` on every request, so a check costs O(1) storage however many requests came before
// (a sliding log would keep, and list, one key per request).

/** `limit` requests per `windowMs`, in bursts of up to `limit`. */
export interface BucketConfig {
  limit: number;
  windowMs: number;
}

export interface Bucket {
  /** Tokens left at `updatedAt` (fractional: the bucket refills continuously). */
  tokens: number;
  updatedAt: number;
}

export interface Decision {
  allowed: boolean;
  /** Whole requests still allowed right now. */
  remaining: number;
  /** When denied: how long until the request would be allowed. */
  retryAfterMs: number;
  /** The bucket to store; null when nothing changed (a denial writes nothing). */
  next: Bucket | null;
}

export function checkConfig(config: BucketConfig, cost: number): void {
  const { limit, windowMs } = config;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  if (!Number.isFinite(windowMs) || windowMs <= 0) throw new RangeError(`windowMs must be a positive number, got ${windowMs}`);
  if (!Number.isSafeInteger(cost) || cost < 1 || cost > limit) throw new RangeError(`cost must be an integer from 1 to the limit (${limit}), got ${cost}`);
}

/** Tokens in the bucket at `now`: refilled at limit/windowMs per ms, never above `limit`. */
export function tokensAt(bucket: Bucket | null, config: BucketConfig, now: number): number {
  if (bucket === null) return config.limit;
  // A clock that went backwards refills nothing rather than draining the bucket.
  const elapsed = Math.max(0, now - bucket.updatedAt);
  return Math.min(config.limit, bucket.tokens + (elapsed * config.limit) / config.windowMs);
}

/** Takes `cost` tokens at `now` if the bucket has them. */
export function take(bucket: Bucket | null, config: BucketConfig, now: number, cost = 1): Decision {
  checkConfig(config, cost);
  const tokens = tokensAt(bucket, config, now);
  if (tokens >= cost) {
    const left = tokens - cost;
    return { allowed: true, remaining: Math.floor(left), retryAfterMs: 0, next: { tokens: left, updatedAt: now } };
  }
  const retryAfterMs = Math.ceil(((cost - tokens) * config.windowMs) / config.limit);
  return { allowed: false, remaining: Math.floor(tokens), retryAfterMs, next: null };
}
