import { bindings, durableObjects, routeObjectRequest } from "dorm";

// Exercises the accessors from a worker; /objects/... is left to the router.
export default {
  async fetch(request: Request, env: Cloudflare.Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/objects/")) return routeObjectRequest(request);
    if (url.pathname === "/accessors") {
      const kitchen = durableObjects.kitchen;
      const unique = kitchen.newUniqueId();
      const byName = await kitchen.get("by-name").whoAmI();
      const byId = await kitchen.get(kitchen.idFromName("by-id")).whoAmI();
      const fromHex = await kitchen.get(kitchen.idFromString(unique.toString())).whoAmI();
      const viaEnv = await bindings(env).kitchen.getByName("via-env").whoAmI();
      const sameNamespace = kitchen.namespace === env.KITCHEN;
      let unknown = "";
      try {
        (durableObjects as unknown as Record<string, unknown>).nope;
      } catch (error) {
        unknown = (error as Error).message;
      }
      return Response.json({ byName, byId, fromHex, uniqueHex: unique.toString(), viaEnv, sameNamespace, unknown });
    }
    if (url.pathname === "/call") {
      // An RPC call made by a worker, the way apps call objects: what it returns or throws.
      const { object, name, method, args } = (await request.json()) as { object: string; name: string; method: string; args: unknown[] };
      const namespace = bindings(env)[object as keyof typeof durableObjects] as unknown as { get(name: string): Record<string, (...a: unknown[]) => Promise<unknown>> };
      try {
        return Response.json({ value: await namespace.get(name)[method]!(...args) });
      } catch (error) {
        return Response.json({ error: { name: (error as Error).name, message: (error as Error).message } });
      }
    }
    return new Response("not found", { status: 404 });
  },
};
