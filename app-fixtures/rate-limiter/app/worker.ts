import { rateLimit } from "./rate-limit.js";

// An API quota: 100 requests per hour for each API key (or, without one, each client IP).
const API_LIMIT = { limit: 100, windowMs: 60 * 60 * 1000 };

const api = rateLimit(
  {
    ...API_LIMIT,
    key: (request) => request.headers.get("X-Api-Key") ?? request.headers.get("CF-Connecting-IP"),
  },
  (request) => Response.json({ ok: true, path: new URL(request.url).pathname }),
);

export default {
  fetch(request: Request): Response | Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith("/api/")) return api(request);
    return Response.json({ error: { code: "NOT_FOUND", message: `no route for ${pathname}; the API is under /api/` } }, { status: 404 });
  },
};
