import { DormError } from "./errors.js";
import type { DefaultEnv, DurableObjectDefinition, DurableObjectOptions, ObjectMethods } from "./types.js";

const HANDLERS = ["init", "fetch", "webSocketMessage", "webSocketClose", "webSocketError", "alarm"] as const;

/**
 * Define a Durable Object. Put one per file in `app/objects/<name>.ts` as the default export;
 * the build generates the class, the binding and the migration.
 *
 * The state's type comes from what `init` returns.
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
export function defineDurableObject<
  S = undefined,
  E = DefaultEnv,
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  M extends ObjectMethods<S, E> = {},
>(options: DurableObjectOptions<S, E, M>): DurableObjectDefinition<S, E, M> {
  if (typeof options !== "object" || options === null) {
    throw new DormError("DORM_BAD_DEFINITION", "defineDurableObject expects an object: defineDurableObject({ init, methods, fetch, ... }).");
  }
  for (const handler of HANDLERS) {
    const value = options[handler];
    if (value !== undefined && typeof value !== "function") {
      throw new DormError("DORM_BAD_DEFINITION", `defineDurableObject: "${handler}" must be a function, got ${typeof value}.`);
    }
  }
  return options as DurableObjectDefinition<S, E, M>;
}
