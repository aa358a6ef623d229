import { durableObjects } from "dorm";

type Members = Record<string, (...args: unknown[]) => unknown>;

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const [, object = "", name = "", method = ""] = url.pathname.split("/");
    if (object === "namespace") {
      // Reached by a computed name, as code the build cannot read would (sharding is not bundled).
      try {
        (durableObjects.bare as unknown as Members)[name]!("key", 2);
        return new Response("ok");
      } catch (error) {
        return new Response((error as Error).message);
      }
    }
    const stub = (durableObjects as unknown as Record<string, { get(name: string): Members }>)[object]?.get(name);
    if (!stub) return new Response("not found", { status: 404 });
    const args = url.searchParams.getAll("arg").map((a) => JSON.parse(a) as unknown);
    return Response.json(await stub[method]!(...args));
  },
};
