import { DormError } from "../errors.js";
import type { AnyMethods, DefaultEnv, DurableObjectDefinition, DurableObjectOptions } from "./types.js";

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
 * Everything is inferred: the state's type is what `init` returns (annotate it:
 * `init: (): RoomState => ...`), each method's parameters and result (give parameters after
 * `ctx` a type), the events from `events`. So `durableObjects.x.get(id).method(...)`,
 * `ctx.schedule`, `ctx.broadcast` and `@dorm/client` are all typed.
 *
 * `defineDurableObject<State>({ ... })` also compiles, with `ctx.state` typed as `State`, but a
 * written type argument stops TypeScript from inferring anything else: callers then see the
 * method names the build found with `unknown` parameters and results, `ctx.schedule` and
 * `ctx.broadcast` accept nothing, and `dorm build` says how to get the full types (docs/types.md).
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
// Every type parameter but S has a default, so that a single written one (the state) is valid;
// without a written one TypeScript infers them all: Mem from what `memory()` returns, Ev from
// `events`, K from the names in `methods`, C, P, Sch and Msgs from `connect` and `messages`. Ev
// and K come before M because a default may only name the parameters before it.
export function defineDurableObject<
  S,
  Ev = unknown,
  K extends string = never,
  M extends AnyMethods = AnyMethods,
  C = unknown,
  P = unknown,
  Sch = unknown,
  Msgs = unknown,
  Mem = unknown,
>(
  options: DurableObjectOptions<S, DefaultEnv, M, C, P, Sch, Msgs, Ev, K, Mem>,
): DurableObjectDefinition<S, DefaultEnv, M, C, P, Sch, Msgs, Ev, K, Mem> {
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
  return options as DurableObjectDefinition<S, DefaultEnv, M, C, P, Sch, Msgs, Ev, K, Mem>;
}
