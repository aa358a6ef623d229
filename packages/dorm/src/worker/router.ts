import { env as workerEnv } from "cloudflare:workers";
import { objectByRoute, registeredRoutes } from "./registry.js";
import { accessorsOf } from "./bindings.js";
import type { DurableObjectAccessors, ObjectNamespace } from "./types.js";

const PREFIX = "/objects/";

function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/**
 * Forward `/objects/<object>/<name>/<rest>` to that object's `fetch`, which sees `/<rest>` (query
 * kept; WebSocket upgrades pass through). Anything else gets a 404 JSON answer.
 * It is the whole worker of an app that has no `app/worker.ts`.
 *
 * @example
 * export default { fetch: (request) => routeObjectRequest(request) };
 */
export async function routeObjectRequest(request: Request, env: object = workerEnv): Promise<Response> {
  const url = new URL(request.url);
  if (!url.pathname.startsWith(PREFIX)) {
    return jsonError(404, "DORM_NO_ROUTE", `no route for ${url.pathname}; objects answer at ${PREFIX}<object>/<name>/...`);
  }
  const [route = "", rawName = "", ...rest] = url.pathname.slice(PREFIX.length).split("/");
  const object = objectByRoute(route);
  if (!object) {
    const known = registeredRoutes().join(", ") || "none";
    return jsonError(404, "DORM_NO_ROUTE", `no object "${route}" (known: ${known})`);
  }
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return jsonError(400, "DORM_BAD_NAME", `the object name in ${url.pathname} is not valid percent-encoding`);
  }
  if (name === "") {
    return jsonError(404, "DORM_NO_ROUTE", `missing object name: ${PREFIX}${route}/<name>/...`);
  }
  url.pathname = `/${rest.join("/")}`;
  const namespace = accessorsOf(env)[object.object as keyof DurableObjectAccessors] as unknown as ObjectNamespace<unknown>;
  return namespace.get(name).fetch(new Request(url, request));
}
