import { durableObjects } from "dorm";
import type { BucketConfig } from "./objects/_bucket.js";

export interface RateLimitOptions extends BucketConfig {
  /**
   * Whom to count: a verified API key or user id, or the client's address (CF-Connecting-IP). Never
   * a header the client chooses alone: a new value per request would be a new, full bucket.
   */
  key(request: Request): string;
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
 * const api = rateLimit({ limit: 20, windowMs: 60_000, key: (r) => `ip:${r.headers.get("CF-Connecting-IP") ?? "unknown"}` }, handleApi);
 */
export function rateLimit(options: RateLimitOptions, handler: Handler): Handler {
  const config: BucketConfig = { limit: options.limit, windowMs: options.windowMs };
  return async (request) => {
    const decision = await durableObjects.limiter.get(options.key(request)).take(config);
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
