import { durableObjects } from "dorm";

// Seed 002's router, with RPC in place of forwarded requests (and without Hono: a few routes).
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const [, section, name, action] = url.pathname.split("/");

    // Chat rooms: /room/<id>/... (the WebSocket, and /history).
    if (section === "room" && name) {
      const room = durableObjects.chatRoom.get(name);
      if (request.headers.get("Upgrade") === "websocket") return room.fetch(request);
      return room.fetch(new URL(`/${action ?? ""}`, url.origin));
    }

    // Every /api/ request is rate limited per client address.
    if (section === "api") {
      const ip = request.headers.get("CF-Connecting-IP") || "unknown";
      const result = await durableObjects.rateLimiter.get(ip).check(100, 60_000);
      if (!result.allowed) return Response.json({ error: "Rate limited" }, { status: 429 });
      return Response.json({ ok: true }, { headers: { "X-RateLimit-Remaining": String(result.remaining) } });
    }

    // Counters: GET /counter/<name>, POST /counter/<name>/<increment|decrement|reset>.
    if (section === "counter" && name) {
      const counter = durableObjects.counter.get(name);
      if (request.method === "GET" && !action) return Response.json({ value: await counter.get() });
      const amount = parseInt(url.searchParams.get("amount") || "1");
      if (request.method === "POST" && action === "increment") return Response.json({ value: await counter.increment(amount) });
      if (request.method === "POST" && action === "decrement") return Response.json({ value: await counter.decrement(amount) });
      if (request.method === "POST" && action === "reset") return Response.json({ value: await counter.reset() });
    }
    return new Response("Not found", { status: 404 });
  },
};
