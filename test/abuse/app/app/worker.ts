import { durableObjects, routeObjectRequest } from "dorm";

// /objects/... is the default router (items 6, 7); /name-probe tries a name through every
// accessor that takes one (item 6) and reports each outcome.
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/name-probe") {
      const name = url.searchParams.get("name") ?? "";
      const gate = durableObjects.gate;
      const outcome = async (call: () => unknown) => {
        try {
          return { ok: await call() };
        } catch (error) {
          return { error: (error as Error).message };
        }
      };
      return Response.json({
        get: await outcome(() => gate.get(name).whoAmI()),
        getByName: await outcome(() => gate.getByName(name).whoAmI()),
        idFromName: await outcome(() => gate.idFromName(name).toString()),
      });
    }
    return routeObjectRequest(request);
  },
};
