import { DormError } from "../errors.js";
import type { stubForKey, stubsForShards } from "../sharding/stubs.js";

/** One object of the app, as the generated entry registers it. */
export interface RegisteredObject {
  /** Accessor name: `chatRoom`. */
  readonly object: string;
  /** Binding name: `CHAT_ROOM`. */
  readonly binding: string;
  /**
   * Path segment in `/objects/<route>/<name>`: the file name, `chat-room`. Only objects that
   * answer HTTP (a `fetch` handler, or WebSocket connections) have one: the router never
   * reaches, and so never creates, an object that has only RPC methods.
   */
  readonly route?: string;
}

/**
 * Worker-side features the generated entry hands over, like an object's (object/features.ts):
 * only those the build found the app using are bundled.
 */
export interface WorkerFeatures {
  /** `durableObjects.x.shard(key, n)` and `.shards(n)`. */
  readonly sharding?: { readonly stubForKey: typeof stubForKey; readonly stubsForShards: typeof stubsForShards };
}

const byAccessor = new Map<string, RegisteredObject>();
const byRoute = new Map<string, RegisteredObject>();
let features: WorkerFeatures = {};

/** Called once by the generated worker entry, before any request. */
export function registerObjects(objects: readonly RegisteredObject[], workerFeatures: WorkerFeatures = {}): void {
  byAccessor.clear();
  byRoute.clear();
  features = workerFeatures;
  for (const entry of objects) {
    byAccessor.set(entry.object, entry);
    if (entry.route !== undefined) byRoute.set(entry.route, entry);
  }
}

/** The worker-side features of this build. */
export function workerFeatures(): WorkerFeatures {
  return features;
}

export function objectByAccessor(name: string): RegisteredObject {
  const found = byAccessor.get(name);
  if (found) return found;
  const known = [...byAccessor.keys()].join(", ") || "none";
  throw new DormError(
    "DORM_UNKNOWN_OBJECT",
    byAccessor.size === 0
      ? `durableObjects.${name}: no objects are registered. Is this code running in a worker built by dorm (dorm build, or the dorm esbuild/Vite plugin)?`
      : `durableObjects.${name}: there is no object "${name}" (known: ${known}); add app/objects/<name>.ts and rebuild.`,
  );
}

/** The object routed at `/objects/<route>/`, if one answers HTTP. */
export function objectByRoute(route: string): RegisteredObject | undefined {
  return byRoute.get(route);
}
