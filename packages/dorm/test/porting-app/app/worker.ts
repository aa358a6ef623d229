import { bindings, durableObjects } from "dorm";

export default {
  async fetch(request: Request, env: Cloudflare.Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/bindings") {
      // The adopted and declared names are the bindings in env; the accessors go through them.
      return Response.json({
        viaAccessor: await durableObjects.chatRoom.get("lobby").whoAmI(),
        viaEnv: await bindings(env).chatRoom.get("hall").whoAmI(),
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
