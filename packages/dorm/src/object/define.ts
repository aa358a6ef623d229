import { DormError } from "../errors.js";
import type { DefaultEnv, DurableObjectDefinition, DurableObjectOptions, ObjectMethods } from "./types.js";

const HANDLERS = ["init", "memory", "activate", "fetch", "webSocketMessage", "webSocketClose", "webSocketError", "alarm", "validateState"] as const;

/** Each entry of `methods` becomes an RPC method: a value the build cannot see (`hi: make()`) is checked here. */
function checkMethods(methods: unknown): void {
  if (methods === undefined) return;
  if (typeof methods !== "object" || methods === null) {
    throw new DormError("DORM_BAD_DEFINITION", `defineDurableObject: "methods" must be an object of functions, got ${methods === null ? "null" : typeof methods}.`);
  }
  for (const [name, method] of Object.entries(methods)) {
    if (typeof method !== "function") {
      throw new DormError(
        "DORM_BAD_DEFINITION",
        `defineDurableObject: methods.${name} must be a function (it becomes an RPC method), got ${method === null ? "null" : typeof method}; keep data in ctx.state.`,
      );
    }
  }
}

/**
 * Define a Durable Object. Put one per file in `app/objects/<name>.ts` as the default export;
 * the build generates the class, the binding and the migration.
 *
 * The state's type is what `init` returns (annotate it: `init: (): RoomState => ...`), and each
 * method's parameters and result are inferred, so `durableObjects.x.get(id).method(...)` is typed.
 * Type arguments are not written by hand: with them TypeScript would stop inferring methods.
 *
 * @example
 * export default defineDurableObject({
 *   init: () => ({ count: 0 }),
 *   methods: {
 *     increment(ctx, by: number = 1) {
 *       ctx.setState((s) => ({ count: s.count + by }));
 *       return ctx.state.count;
 *     },
 *   },
 * });
 */
// No defaults on S and M: a default stops TypeScript from typing `ctx` in the methods. C, P, Sch,
// Msgs and Ev (realtime) are inferred from `connect`, `messages` and `events`; see RealtimeOptions.
// Mem is inferred from what `memory()` returns.
export function defineDurableObject<S, M extends ObjectMethods<S, DefaultEnv, Mem>, C, P, Sch, Msgs, Ev, Mem>(
  options: DurableObjectOptions<S, DefaultEnv, M, C, P, Sch, Msgs, Ev, Mem>,
): DurableObjectDefinition<S, DefaultEnv, M, C, P, Sch, Msgs, Ev, Mem> {
  if (typeof options !== "object" || options === null) {
    throw new DormError("DORM_BAD_DEFINITION", "defineDurableObject expects an object: defineDurableObject({ init, methods, fetch, ... }).");
  }
  for (const handler of HANDLERS) {
    const value = options[handler];
    if (value !== undefined && typeof value !== "function") {
      throw new DormError("DORM_BAD_DEFINITION", `defineDurableObject: "${handler}" must be a function, got ${typeof value}.`);
    }
  }
  if (options.binding !== undefined && typeof options.binding !== "string") {
    throw new DormError("DORM_BAD_DEFINITION", `defineDurableObject: "binding" must be a string (the binding name, e.g. "ROOMS"), got ${typeof options.binding}.`);
  }
  checkMethods(options.methods);
  // The options of optional features (sql.migrations, the realtime options) are checked by those
  // features when the worker loads (object/features.ts), so that an app bundles only its own;
  // the build checks what it can see in the source first (sql.migrations with storage: "kv").
  return options as DurableObjectDefinition<S, DefaultEnv, M, C, P, Sch, Msgs, Ev, Mem>;
}
