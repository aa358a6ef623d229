import { durableObjects, routeObjectRequest } from "dorm";

// /rpc-error/<kind>: what a worker sees when echo.fail(kind) throws over RPC, for comparison
// with what @dorm/testing's stubs give a Node test.
export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const failure = /^\/rpc-error\/(\w+)$/.exec(url.pathname);
    if (!failure) return routeObjectRequest(request);
    try {
      await durableObjects.echo.get("worker").fail(failure[1] as "type");
      return Response.json(null);
    } catch (error) {
      const e = error as Error & Record<string, unknown>;
      return Response.json({ type: e.constructor.name, name: e.name, message: e.message, code: e.code ?? null, limit: e.limit ?? null, remote: e.remote ?? null });
    }
  },
};
