import { durableObjects } from "dorm";
import { isSecret } from "./secret.js";

const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  Response.json({ error: { code, message } }, { status, headers });

/**
 * Every request goes to the one batcher, "foo", as in the original, but only a producer with the
 * key gets there: `Authorization: Bearer <BATCHER_KEY>`. The original let anyone fill its batches
 * and its storage. Without the secret the Batcher is closed to everyone (503 says why).
 */
export default {
  async fetch(request: Request, env: Cloudflare.Env): Promise<Response> {
    if (!env.BATCHER_KEY) {
      return fail(503, "NOT_CONFIGURED", "the Batcher is closed: this deployment has no BATCHER_KEY secret (`wrangler secret put BATCHER_KEY`; locally, .dev.vars)");
    }
    const given = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
    if (!(await isSecret(given, env.BATCHER_KEY))) {
      return fail(401, "UNAUTHORIZED", "send Authorization: Bearer <the batcher key>", { "www-authenticate": "Bearer" });
    }
    return durableObjects.batcher.get("foo").fetch(request);
  },
};
