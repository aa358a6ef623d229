import { issuedKeyId } from "./api-keys.js";
import { ANONYMOUS_LIMIT, KEYED_LIMIT } from "./quotas.js";
import { rateLimit } from "./rate-limit.js";

// Two quotas, and nobody outside both. A caller with an API key we issued gets 100 requests an
// hour for that key. Everyone else is anonymous and gets 20 an hour for their address:
// CF-Connecting-IP, which Cloudflare sets on every request (a client cannot choose it; callers
// with none share one bucket). A key that was not issued is refused, so a made-up key per request
// buys nothing.

interface Env {
  /** The issued API keys, comma-separated: a secret. */
  API_KEYS?: string;
}

const handleApi = (request: Request) => Response.json({ ok: true, path: new URL(request.url).pathname });
const anonymous = rateLimit({ ...ANONYMOUS_LIMIT, key: (request) => `ip:${request.headers.get("CF-Connecting-IP") ?? "unknown"}` }, handleApi);

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith("/api/")) {
      return Response.json({ error: { code: "NOT_FOUND", message: `no route for ${pathname}; the API is under /api/` } }, { status: 404 });
    }
    const apiKey = request.headers.get("X-Api-Key");
    if (apiKey === null) return anonymous(request);
    const id = await issuedKeyId(apiKey, env);
    if (id === null) return Response.json({ error: { code: "BAD_API_KEY", message: "this API key was not issued; leave X-Api-Key out to use the anonymous quota" } }, { status: 401 });
    // The limiter is named by the key's id, never by the key.
    return rateLimit({ ...KEYED_LIMIT, key: () => `key:${id}` }, handleApi)(request);
  },
};
