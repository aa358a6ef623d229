import { refusal } from "./auth.js";
import { API_PREFIX, DEV_PREFIX, HOST_PREFIX, INSPECTOR_PATH, STATUS_PATH, TOKEN_BINDING, type InstanceDetail } from "./board.js";
import { collectBoard, stubOf, type DevClass } from "./collect.js";
import { devHost, type DevHost } from "./host-link.js";

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { "cache-control": "no-store" } });
const problem = (status: number, code: string, message: string) => json({ error: { code, message } }, status);

/** The instance an API request names: `?class=<ClassName>&id=<hex id>`. */
function target(url: URL, classes: readonly DevClass[]): { entry: DevClass; id: string } | Response {
  const name = url.searchParams.get("class");
  const entry = classes.find((c) => c.className === name);
  if (!entry) return problem(404, "DORM_UNKNOWN_CLASS", `no class ${JSON.stringify(name)} in this app (classes: ${classes.map((c) => c.className).join(", ") || "none"}).`);
  const id = url.searchParams.get("id") ?? "";
  if (!/^[0-9a-f]{64}$/.test(id)) return problem(400, "DORM_BAD_ID", `"id" must be an instance id (64 hex digits), got ${JSON.stringify(id)}.`);
  return { entry, id };
}

/** `/__dorm/api/<op>`: one instance, read (or one of its schedules run or cancelled) inside it. */
async function api(request: Request, url: URL, env: Record<string, unknown>, classes: readonly DevClass[], host: DevHost): Promise<Response> {
  const op = url.pathname.slice(API_PREFIX.length);
  const found = target(url, classes);
  if (found instanceof Response) return found;
  const stub = stubOf(env, found.entry, found.id);
  const writes = op === "schedule";
  if (writes !== (request.method === "POST")) return problem(405, "DORM_METHOD", `${url.pathname} takes ${writes ? "POST" : "GET"}.`);
  try {
    switch (op) {
      case "instance": {
        const detail = (await stub.__dormInspect("detail")) as InstanceDetail;
        const stacks = await host.map(detail.errors.map((e) => e.stack));
        return json({ ...detail, class: found.entry.className, errors: detail.errors.map((e, i) => ({ ...e, stack: stacks[i] ?? e.stack })) });
      }
      case "kv":
        return json(await stub.__dormInspect("kv", url.searchParams.get("after")));
      case "sql":
        return json(await stub.__dormInspect("sql", url.searchParams.get("table"), Number(url.searchParams.get("offset") ?? 0)));
      case "schedule": {
        const action = url.searchParams.get("action");
        if (action !== "run" && action !== "cancel") return problem(400, "DORM_BAD_ACTION", `"action" is "run" or "cancel", got ${JSON.stringify(action)}.`);
        const result = (await stub.__dormInspect(action, url.searchParams.get("schedule"))) as { found: boolean; ok: boolean };
        if (!result.found) return problem(404, "DORM_NO_SCHEDULE", `no schedule ${JSON.stringify(url.searchParams.get("schedule"))} in this instance (it may have run or been cancelled).`);
        return json(result);
      }
      default:
        return problem(404, "DORM_NOT_FOUND", `no dev endpoint ${url.pathname}.`);
    }
  } catch (error) {
    // RPC keeps an error's message only; dorm's carry their code in it.
    const message = (error as Error).message;
    const code = /^\[(DORM_[A-Z_]+)\] /.exec(message)?.[1];
    if (code === "DORM_NO_TABLE" || code === "DORM_NO_SQL") return problem(404, code, message.slice(code.length + 3));
    return problem(500, "DORM_INSPECT_FAILED", message);
  }
}

/**
 * Answers the dev endpoints under `/__dorm/` (the board, the inspector's API and page), or null
 * for every other request, which goes to the app. Each wants this run's token, from this machine.
 */
export async function devResponse(request: Request, env: Record<string, unknown>, classes: readonly DevClass[]): Promise<Response | null> {
  // Every request of the app passes here in dev: the cheap test first.
  if (!request.url.includes(DEV_PREFIX)) return null;
  const url = new URL(request.url);
  if (!url.pathname.startsWith(DEV_PREFIX)) return null;
  const token = env[TOKEN_BINDING];
  // Not started by a dev server (the dev bundle run by hand): the paths are the app's.
  if (typeof token !== "string" || token === "") return null;
  const refused = refusal(request, token, request.headers.get("cf-connecting-ip"));
  if (refused) return refused;
  const host = devHost(env, url.origin, token);
  if (url.pathname === STATUS_PATH) return json(await collectBoard(env, classes, host));
  if (url.pathname.startsWith(API_PREFIX)) return api(request, url, env, classes, host);
  if (url.pathname === INSPECTOR_PATH || url.pathname.startsWith(`${INSPECTOR_PATH}/`) || url.pathname.startsWith(HOST_PREFIX)) {
    return (
      host.forward(request) ??
      problem(404, "DORM_NO_DEV_HOST", "the inspector page is served by the dev server (dorm dev, or dorm's Vite plugin); this worker runs without one.")
    );
  }
  return problem(404, "DORM_NOT_FOUND", `no dev endpoint ${url.pathname}.`);
}
