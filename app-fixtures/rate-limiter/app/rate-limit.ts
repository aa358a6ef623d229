import { durableObjects } from "dorm";
import type { BucketConfig } from "./objects/_bucket.js";

export interface RateLimitOptions extends BucketConfig {
  /** Whom to count: an API key, a user id, an IP address. `null` lets the request through. */
  key(request: Request): string | null;
}

type Handler = (request: Request) => Response | Promise<Response>;

/** The response with the rate-limit headers added (a fresh one: fetched headers are immutable). */
function withHeaders(response: Response, headers: Record<string, string>): Response {
  const merged = new Headers(response.headers);
  for (const [name, value] of Object.entries(headers)) merged.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: merged, webSocket: response.webSocket });
}

/**
 * Worker middleware: lets `limit` requests per `windowMs` through to `handler` for each key,
 * and answers the rest `429 Too Many Requests` with `Retry-After` (seconds). Every answer says
 * how many requests are left in `X-RateLimit-Remaining`.
 *
 * @example
 * const api = rateLimit({ limit: 100, windowMs: 60_000, key: (r) => r.headers.get("X-Api-Key") }, handleApi);
 */
export function rateLimit(options: RateLimitOptions, handler: Handler): Handler {
  const config: BucketConfig = { limit: options.limit, windowMs: options.windowMs };
  return async (request) => {
    const key = options.key(request);
    if (key === null) return handler(request);
    const decision = await durableObjects.limiter.get(key).take(config);
    const headers = { "X-RateLimit-Limit": String(decision.limit), "X-RateLimit-Remaining": String(decision.remaining) };
    if (!decision.allowed) {
      const retryAfter = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      return Response.json(
        { error: { code: "RATE_LIMITED", message: `rate limit of ${decision.limit} requests exceeded; retry in ${retryAfter} s` } },
        { status: 429, headers: { ...headers, "Retry-After": String(retryAfter) } },
      );
    }
    return withHeaders(await handler(request), headers);
  };
}
