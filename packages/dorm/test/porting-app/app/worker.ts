import { durableObjects, routeObjectRequest } from "dorm";

export default {
  async fetch(request: Request, env: Cloudflare.Env): Promise<Response> {
    const url = new URL(request.url);
    // Seed 004's routes: /room/<id>/... to the ChatRoom named <id>, through the adopted ROOMS binding.
    const room = /^\/room\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (room) {
      const stub = durableObjects.chatRoom.get(decodeURIComponent(room[1]!));
      if (request.headers.get("Upgrade") === "websocket") return stub.fetch(request);
      return stub.fetch(new URL(room[2]!, url.origin), request);
    }
    if (url.pathname.startsWith("/objects/")) return routeObjectRequest(request);
    if (url.pathname === "/bindings") {
      // The adopted and declared names are the bindings in env; the accessors go through them.
      return Response.json({
        users: await (await env.ROOMS.getByName("lobby").fetch("https://room/users")).json(),
        declared: await durableObjects.visits.get("from-worker").visit("worker"),
        sameNamespace: durableObjects.chatRoom.namespace === env.ROOMS && durableObjects.visits.namespace === env.VISITS,
      });
    }
    if (url.pathname === "/visit") {
      // A call made from a worker, as apps make them: what it returns or throws.
      try {
        return Response.json({ value: await durableObjects.visits.get(url.searchParams.get("name") ?? "").visit("worker") });
      } catch (error) {
        return Response.json({ error: (error as Error).message });
      }
    }
    return new Response("not found", { status: 404 });
  },
};
