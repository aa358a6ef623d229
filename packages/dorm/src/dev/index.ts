/**
 * @module
 * Used only by dev builds (`dorm dev`, and dorm's Vite plugin in `vite dev`); production bundles
 * never import this module. The generated entry times every event with `devCall`, gives each
 * class `__dormInspect` (→ `inspect`), and puts `devWorker` in front of the app's worker.
 */
export { devCall } from "./registry.js";
export { inspect } from "./inspect.js";
import { devResponse } from "./admin.js";
import type { DevClass } from "./collect.js";

type Fetch = (request: Request, env: Record<string, unknown>, ctx: ExecutionContext) => Response | Promise<Response>;

/** The app's worker with the dev endpoints (`/__dorm/...`) in front of it. */
export function devWorker(worker: unknown, classes: readonly DevClass[]): unknown {
  const fallback: Fetch = () => new Response("Not found", { status: 404 });
  if (typeof worker === "function") {
    // A WorkerEntrypoint class: a subclass answers the dev paths first.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const Base = worker as new (...args: any[]) => any;
    return class extends Base {
      async fetch(request: Request): Promise<Response> {
        const env = this["env"] as Record<string, unknown>;
        const own = super.fetch as ((request: Request) => Response | Promise<Response>) | undefined;
        return (await devResponse(request, env, classes)) ?? (own ? own.call(this, request) : fallback(request, env, {} as ExecutionContext));
      }
    };
  }
  const handlers = (worker ?? {}) as { fetch?: Fetch };
  return {
    ...handlers,
    async fetch(request: Request, env: Record<string, unknown>, ctx: ExecutionContext): Promise<Response> {
      return (await devResponse(request, env, classes)) ?? (handlers.fetch ?? fallback).call(handlers, request, env, ctx);
    },
  };
}
