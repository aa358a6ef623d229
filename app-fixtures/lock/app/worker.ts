import { durableObjects } from "dorm";
import { isSecret } from "./secret.js";

interface Env {
  /** The key every caller of this API sends (Authorization: Bearer …): a secret. */
  LOCK_API_KEY?: string;
}

const json = (body: unknown, status = 200) => Response.json(body, { status });
const fail = (status: number, code: string, message: string) => json({ error: { code, message } }, status);

async function body(request: Request): Promise<Record<string, unknown> | null> {
  try {
    const value: unknown = await request.json();
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A name from the path, or null when its percent-encoding is broken. */
function nameOf(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** A write to the resource the lock protects, fenced with the token of the caller's lease, which the lock looks up. */
async function ledgerWrite(name: string, input: Record<string, unknown> | null): Promise<Response> {
  if (!input) return fail(400, "BAD_BODY", "send a JSON object");
  const grant = await durableObjects.lock.get(name).holding(input.lease as string);
  if (!grant) return fail(409, "NOT_HOLDER", "this lease does not hold the lock (it expired, was released, or never was): acquire the lock again");
  try {
    return json({ count: await durableObjects.ledger.get(name).write(grant.holder, grant.token, input.value as string) });
  } catch (error) {
    const { message } = error as Error;
    // The lease was lost between the check and the write: the ledger's fence caught it.
    if (message.startsWith("stale fencing token")) return fail(409, "STALE_TOKEN", message);
    throw error;
  }
}

/**
 * REST over the lock, for your own services (every call needs Authorization: Bearer <LOCK_API_KEY>):
 *   POST /locks/:name/acquire {holder, ttlMs}  → 200 {token, lease, expiresAt} | 409 {holder, expiresAt}
 *   POST /locks/:name/renew   {lease, ttlMs}
 *   POST /locks/:name/release {lease}
 *   GET  /locks/:name                          → {holder, expiresAt}: never the token or the lease
 *   POST /ledger/:name/write  {lease, value}   → 200 {count} | 409 when the lease no longer holds the lock
 */
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const given = /^Bearer (.+)$/.exec(request.headers.get("Authorization") ?? "")?.[1];
    if (!(await isSecret(given, env.LOCK_API_KEY))) return fail(401, "UNAUTHORIZED", "send Authorization: Bearer <the lock API key>");
    const url = new URL(request.url);
    const write = /^\/ledger\/([^/]+)\/write$/.exec(url.pathname);
    const match = /^\/locks\/([^/]+)(?:\/(acquire|renew|release))?$/.exec(url.pathname);
    const name = nameOf((write ?? match)?.[1] ?? "");
    if (!(write || match)) return fail(404, "NOT_FOUND", `no route for ${url.pathname}`);
    if (name === null) return fail(400, "BAD_NAME", "the name in the path is not valid percent-encoding");
    if (write) return request.method === "POST" ? ledgerWrite(name, await body(request)) : fail(405, "METHOD", "use POST");
    const lock = durableObjects.lock.get(name);
    const action = match![2];
    if (!action) return request.method === "GET" ? json(await lock.status()) : fail(405, "METHOD", "use GET");
    if (request.method !== "POST") return fail(405, "METHOD", `use POST for ${action}`);
    const input = await body(request);
    if (!input) return fail(400, "BAD_BODY", "send a JSON object");
    try {
      if (action === "acquire") {
        const result = await lock.acquire(input.holder as string, input.ttlMs as number);
        return json(result, result.acquired ? 200 : 409);
      }
      if (action === "renew") return json(await lock.renew(input.lease as string, input.ttlMs as number));
      return json({ released: await lock.release(input.lease as string) });
    } catch (error) {
      // Argument checks in the object throw TypeError/RangeError; RPC keeps name and message.
      const { name: kind, message } = error as Error;
      if (kind === "TypeError" || kind === "RangeError") return fail(400, "BAD_ARGUMENT", message);
      throw error;
    }
  },
};
