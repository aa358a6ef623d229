// Routes each room to its shard, and fans announcements out to every shard.
//   GET  /rooms/<room>/ws?user=<name>  WebSocket into the room (on its shard)
//   GET  /rooms/<room>                 { room, shard, history }
//   POST /rooms/<room>/messages        { from, text } → the stored message
// The rest is for operators only: Authorization: Bearer <ADMIN_KEY> (a secret), else 401.
//   POST /announce                     { text } → one result per shard (207 if some failed)
//   GET  /shards                       every shard's connections and mode
//   POST /admin/reshard?from=<n>       move rooms laid out for n shards to SHARDS shards
import { durableObjects, federate, reshard, shardFor, type FederateResult } from "dorm";
import { MAX_TEXT, ROOM_NAME } from "./objects/_protocol.js";
import { isSecret } from "./secret.js";

interface Env {
  /** Opens the operators' routes: a secret (`wrangler secret put ADMIN_KEY`; locally, .dev.vars). */
  ADMIN_KEY?: string;
  /** The shard count (a var in wrangler.jsonc). */
  SHARDS?: string;
  /** How long an announcement waits for one shard before reporting it as timed out. */
  ANNOUNCE_TIMEOUT_MS?: string;
}

const json = (body: unknown, status = 200) => Response.json(body, { status });
const fail = (status: number, code: string, message: string) => json({ error: { code, message } }, status);

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function positiveInt(raw: string | null | undefined, name: string, fallback?: number): number {
  if ((raw === undefined || raw === null) && fallback !== undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new HttpError(500, "CONFIG", `${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** Failures as JSON: an Error's own fields do not serialize. */
function report<T>(results: FederateResult<T>[]) {
  return results.map((r) =>
    r.ok ? { shard: r.shard, ok: true, value: r.value } : { shard: r.shard, ok: false, timedOut: r.timedOut, error: r.error.message },
  );
}

async function body(request: Request): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = await request.json();
    if (typeof parsed === "object" && parsed !== null) return parsed as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  throw new HttpError(400, "BAD_BODY", "send a JSON object");
}

function text(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_TEXT) {
    throw new HttpError(400, "BAD_TEXT", `text must be 1 to ${MAX_TEXT} characters`);
  }
  return value;
}

async function route(request: Request, env: Env): Promise<Response> {
  const shards = positiveInt(env.SHARDS, "SHARDS");
  const url = new URL(request.url);
  const roomRoute = /^\/rooms\/([^/]+)(\/ws|\/messages)?$/.exec(url.pathname);

  if (roomRoute) {
    let room: string;
    try {
      room = decodeURIComponent(roomRoute[1]!);
    } catch {
      throw new HttpError(400, "BAD_ROOM", "the room name is not valid percent-encoding");
    }
    if (!ROOM_NAME.test(room)) throw new HttpError(400, "BAD_ROOM", `room names are 1 to 64 of A-Z a-z 0-9 _ -, got ${JSON.stringify(room)}`);
    const shard = durableObjects.room.shard(room, { shards });
    if (roomRoute[2] === "/ws") return shard.fetch(request);
    if (roomRoute[2] === "/messages") {
      if (request.method !== "POST") throw new HttpError(405, "METHOD", "POST a message");
      const { from, text: raw } = await body(request);
      return json(await shard.post(room, typeof from === "string" ? from : "anon", text(raw)), 201);
    }
    return json({ room, shard: shardFor(room, shards), history: await shard.history(room) });
  }

  // Everything below fans out to every shard (or moves data between them): operators only.
  const given = /^Bearer (.+)$/.exec(request.headers.get("Authorization") ?? "")?.[1];
  if (!(await isSecret(given, env.ADMIN_KEY))) throw new HttpError(401, "UNAUTHORIZED", "send Authorization: Bearer <the admin key>");

  if (url.pathname === "/announce" && request.method === "POST") {
    const announcement = text((await body(request)).text);
    const id = crypto.randomUUID();
    const results = await federate(durableObjects.room.shards(shards), (shard) => shard.announce(id, announcement), {
      concurrency: 4,
      timeoutMs: positiveInt(env.ANNOUNCE_TIMEOUT_MS, "ANNOUNCE_TIMEOUT_MS", 2_000),
    });
    const failed = results.filter((r) => !r.ok).map((r) => r.shard);
    const delivered = results.reduce((sum, r) => sum + (r.ok ? r.value.sent : 0), 0);
    return json({ id, shards, delivered, failed, results: report(results) }, failed.length === 0 ? 200 : failed.length < shards ? 207 : 502);
  }

  if (url.pathname === "/shards" && request.method === "GET") {
    return json(report(await federate(durableObjects.room.shards(shards), (shard) => shard.info(), { timeoutMs: 5_000 })));
  }

  if (url.pathname === "/admin/reshard" && request.method === "POST") {
    const from = positiveInt(url.searchParams.get("from"), "?from=");
    const result = await reshard(durableObjects.room, {
      from,
      to: shards,
      keys: (shard) => shard.rooms(),
      move: async ({ keys, source, target }) => {
        await target.importRooms(await source.exportRooms([...keys]));
        await source.dropRooms([...keys]);
      },
      retries: 2,
    });
    const failures = result.failures.map(({ error, ...where }) => ({ ...where, error: error.message }));
    return json({ ...result, failures }, result.ok ? 200 : 207);
  }

  throw new HttpError(404, "NOT_FOUND", `no route for ${request.method} ${url.pathname}`);
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    try {
      return await route(request, env);
    } catch (error) {
      if (error instanceof HttpError) return fail(error.status, error.code, error.message);
      return fail(500, "INTERNAL", (error as Error).message);
    }
  },
};
