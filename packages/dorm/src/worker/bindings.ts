import { env as workerEnv } from "cloudflare:workers";
import { DormError } from "../errors.js";
import { checkObjectName } from "./object-name.js";
import { objectByAccessor, workerFeatures } from "./registry.js";
import type { DurableObjectAccessors, DurableObjectBindings, ObjectNamespace } from "./types.js";

// The router takes the worker's env from here: the runtime ships bundled (shared modules in one
// file), and a bundle keeps every import statement of a file it includes, used or not.
export { workerEnv };

function namespaceOf(env: Record<string, unknown>, object: string): DurableObjectNamespace {
  const { binding } = objectByAccessor(object);
  const namespace = env[binding] as DurableObjectNamespace | undefined;
  if (!namespace || typeof (namespace as { idFromName?: unknown }).idFromName !== "function") {
    throw new DormError(
      "DORM_MISSING_BINDING",
      `durableObjects.${object}: env.${binding} is not a Durable Object binding. Deploy or run with the config dorm generates (dist/wrangler.json), not a hand-written one.`,
    );
  }
  return namespace;
}

function makeNamespace(namespace: DurableObjectNamespace, object: string): ObjectNamespace<unknown> {
  const where = (method: string) => `durableObjects.${object}.${method}`;
  return {
    namespace,
    get: (nameOrId) =>
      (typeof nameOrId === "string" ? namespace.getByName(checkObjectName(nameOrId, where("get"))) : namespace.get(nameOrId)) as never,
    getByName: (name) => namespace.getByName(checkObjectName(name, where("getByName"))) as never,
    idFromName: (name) => namespace.idFromName(checkObjectName(name, where("idFromName"))),
    idFromString: (hex) => namespace.idFromString(hex),
    newUniqueId: (options) => namespace.newUniqueId(options),
    // Without the sharding feature, a production bundle has no part here; dev and test builds
    // have one that throws DORM_NOT_BUILT (object/left-out.ts).
    shard: (key, shards) => workerFeatures().sharding!.stubForKey(namespace, key, shards, where("shard")) as never,
    shards: (shards) => workerFeatures().sharding!.stubsForShards(namespace, shards, where("shards")) as never,
  };
}

const cache = new WeakMap<object, DurableObjectAccessors>();

/** The accessors of any env (the router's, the worker's); `bindings` is the typed door to it. */
export function accessorsOf(env: object): DurableObjectAccessors {
  let accessors = cache.get(env);
  if (!accessors) {
    const namespaces = new Map<string, ObjectNamespace<unknown>>();
    accessors = new Proxy({} as DurableObjectAccessors, {
      get(_, key) {
        if (typeof key !== "string") return undefined;
        let ns = namespaces.get(key);
        if (!ns) {
          ns = makeNamespace(namespaceOf(env as Record<string, unknown>, key), key);
          namespaces.set(key, ns);
        }
        return ns;
      },
    });
    cache.set(env, accessors);
  }
  return accessors;
}

/**
 * The typed accessors for code that holds `env` (tests, other runtimes). `env` needs the app's
 * Durable Object bindings (the worker's `env` has them).
 *
 * @example
 * const room = bindings(env).chatRoom.get("lobby");
 */
export function bindings(env: DurableObjectBindings): DurableObjectAccessors {
  return accessorsOf(env as object);
}

/**
 * The app's objects, typed from their definitions.
 *
 * @example
 * import { durableObjects } from "dorm";
 * const count = await durableObjects.counter.get("user-123").increment(5);
 */
export const durableObjects: DurableObjectAccessors = /* @__PURE__ */ new Proxy({} as DurableObjectAccessors, {
  get(_, key) {
    return accessorsOf(workerEnv)[key as keyof DurableObjectAccessors];
  },
});
