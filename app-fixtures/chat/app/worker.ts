import { durableObjects } from "dorm";
import { roomAccess } from "./access.js";
import { page } from "./page/html.js";
import script from "./page/main.ts?browser";

const json = (body: unknown, status = 200) => Response.json(body, { status });
const ROOM = /^[\p{L}\p{N}_.-]{1,64}$/u;

/**
 * GET /                         the chat page
 * GET /app.js                   its script (app/page/main.ts with @dorm/client, bundled at build time)
 * GET /rooms/<room>/ws          the room's WebSocket (and the client's handshake probe)
 * GET /rooms/<room>/history     ?before=<id>&limit=<n>: a page of the last 100 messages
 * GET /rooms/<room>/who         names of the people connected
 * A staff-* room asks every one of them for the same ?key= (./access.ts): the socket in the
 * room's connect, the others here, before the room is asked anything.
 */
export default {
  async fetch(request: Request, env: Cloudflare.Env): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === "GET" && url.pathname === "/") {
      return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    if (request.method === "GET" && url.pathname === "/app.js") {
      return new Response(script, { headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" } });
    }
    const match = /^\/rooms\/([^/]+)\/(ws|history|who)$/.exec(url.pathname);
    if (!match) return json({ error: { code: "NOT_FOUND", message: `no route for ${url.pathname}` } }, 404);
    let name: string;
    try {
      name = decodeURIComponent(match[1]!);
    } catch {
      name = "";
    }
    if (!ROOM.test(name)) return json({ error: { code: "BAD_ROOM", message: "a room name is 1 to 64 letters, digits, _ . or -" } }, 400);
    const room = durableObjects.room.get(name);
    if (match[2] === "ws") return room.fetch(request);
    const access = await roomAccess(name, url.searchParams.get("key"), env);
    if (!access.ok) return json({ error: { code: "FORBIDDEN", message: access.message } }, access.status);
    switch (match[2]) {
      case "history": {
        const before = url.searchParams.has("before") ? Number(url.searchParams.get("before")) : undefined;
        const limit = Number(url.searchParams.get("limit") ?? 25);
        if ((before !== undefined && !Number.isSafeInteger(before)) || !Number.isSafeInteger(limit)) {
          return json({ error: { code: "BAD_PAGE", message: "before and limit are integers" } }, 400);
        }
        return json(await room.history(before, limit));
      }
      default:
        return json({ room: name, people: await room.who() });
    }
  },
};
