import { durableObjects } from "dorm";

const json = (body: unknown, status = 200) => Response.json(body, { status });

async function body(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = await request.json();
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

async function ledgerWrite(name: string, input: Record<string, unknown> | null): Promise<Response> {
  if (!input) return json({ error: { code: "BAD_BODY", message: "send a JSON object" } }, 400);
  try {
    const count = await durableObjects.ledger.get(name).write(input.holder as string, input.token as number, input.value as string);
    return json({ count });
  } catch (error) {
    const { message } = error as Error;
    if (message.startsWith("stale fencing token")) return json({ error: { code: "STALE_TOKEN", message } }, 409);
    throw error;
  }
}

/**
 * REST over the lock:
 *   POST /locks/:name/acquire {holder, ttlMs}   → 200 {token, expiresAt} | 409 {holder, expiresAt}
 *   POST /locks/:name/renew   {holder, token, ttlMs}
 *   POST /locks/:name/release {holder, token}
 *   GET  /locks/:name
 *   POST /ledger/:name/write  {holder, token, value} → 200 {count} | 409 when the token is stale
 */
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const write = /^\/ledger\/([^/]+)\/write$/.exec(url.pathname);
    if (write && request.method === "POST") return ledgerWrite(decodeURIComponent(write[1]!), await body(request));
    const match = /^\/locks\/([^/]+)(?:\/(acquire|renew|release))?$/.exec(url.pathname);
    if (!match) return json({ error: { code: "NOT_FOUND", message: `no route for ${url.pathname}` } }, 404);
    const lock = durableObjects.lock.get(decodeURIComponent(match[1]!));
    const action = match[2];
    if (!action) return request.method === "GET" ? json(await lock.status()) : json({ error: { code: "METHOD", message: "use GET" } }, 405);
    if (request.method !== "POST") return json({ error: { code: "METHOD", message: `use POST for ${action}` } }, 405);
    const input = await body(request);
    if (!input) return json({ error: { code: "BAD_BODY", message: "send a JSON object" } }, 400);
    try {
      if (action === "acquire") {
        const result = await lock.acquire(input.holder as string, input.ttlMs as number);
        return json(result, result.acquired ? 200 : 409);
      }
      if (action === "renew") return json(await lock.renew(input.holder as string, input.token as number, input.ttlMs as number));
      return json({ released: await lock.release(input.holder as string, input.token as number) });
    } catch (error) {
      // Argument checks in the object throw TypeError/RangeError; RPC keeps name and message.
      const { name, message } = error as Error;
      if (name === "TypeError" || name === "RangeError") return json({ error: { code: "BAD_ARGUMENT", message } }, 400);
      throw error;
    }
  },
};
