// Used only by dev builds (`dorm dev`); production bundles never import this module.
export { devCall } from "./registry.js";
export { instanceStats } from "./admin.js";
import { statusResponse, type DevClass } from "./admin.js";

type Fetch = (request: Request, env: Record<string, unknown>, ctx: ExecutionContext) => Response | Promise<Response>;

/** The app's worker with the dev status endpoint in front of it. */
export function devWorker(worker: unknown, classes: readonly DevClass[]): unknown {
  const fallback: Fetch = () => new Response("Not found", { status: 404 });
  if (typeof worker === "function") {
    // A WorkerEntrypoint class: a subclass answers the admin path first.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const Base = worker as new (...args: any[]) => any;
    return class extends Base {
      async fetch(request: Request): Promise<Response> {
        const env = this["env"] as Record<string, unknown>;
        const own = super.fetch as ((request: Request) => Response | Promise<Response>) | undefined;
        return (await statusResponse(request, env, classes)) ?? (own ? own.call(this, request) : fallback(request, env, {} as ExecutionContext));
      }
    };
  }
  const handlers = (worker ?? {}) as { fetch?: Fetch };
  return {
    ...handlers,
    async fetch(request: Request, env: Record<string, unknown>, ctx: ExecutionContext): Promise<Response> {
      return (await statusResponse(request, env, classes)) ?? (handlers.fetch ?? fallback).call(handlers, request, env, ctx);
    },
  };
}
