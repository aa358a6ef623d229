import type { DormError } from "../errors.js";
import { checkObjectName } from "./object-name.js";
import { objectByRoute } from "./registry.js";
import { accessorsOf, workerEnv } from "./bindings.js";
import type { DurableObjectAccessors, ObjectNamespace } from "./types.js";

const PREFIX = "/objects/";

function jsonError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

/** The one answer to every path the router does not serve: it names no object and creates none. */
const notFound = () => jsonError(404, "DORM_NO_ROUTE", `no route here; objects that answer HTTP are at ${PREFIX}<object>/<name>/...`);

/**
 * Forward `/objects/<object>/<name>/<rest>` to that object's `fetch`, which sees `/<rest>` (query
 * kept; WebSocket upgrades pass through). Only objects with a `fetch` handler or WebSocket
 * connections are routed; anything else, objects with only RPC methods included, gets the same
 * 404, before any object is reached. It is the whole worker of an app that has no `app/worker.ts`.
 *
 * @example
 * export default { fetch: (request) => routeObjectRequest(request) };
 */
export async function routeObjectRequest(request: Request, env: object = workerEnv): Promise<Response> {
  const url = new URL(request.url);
  if (!url.pathname.startsWith(PREFIX)) return notFound();
  const [route = "", rawName = "", ...rest] = url.pathname.slice(PREFIX.length).split("/");
  const object = objectByRoute(route);
  if (!object) return notFound();
  let name: string;
  try {
    name = decodeURIComponent(rawName);
  } catch {
    return jsonError(400, "DORM_BAD_NAME", "the object name in the path is not valid percent-encoding");
  }
  if (name === "") return notFound();
  try {
    checkObjectName(name, "the object name in the path");
  } catch (error) {
    return jsonError(400, (error as DormError).code, (error as DormError).message.replace(/^\[[A-Z_]+\] /, ""));
  }
  url.pathname = `/${rest.join("/")}`;
  const namespace = accessorsOf(env)[object.object as keyof DurableObjectAccessors] as unknown as ObjectNamespace<unknown>;
  return namespace.get(name).fetch(new Request(url, request));
}
