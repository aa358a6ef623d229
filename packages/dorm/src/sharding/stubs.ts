// Stubs for shards, for raw namespaces (`env.ROOM`) and dorm's accessors alike: both have
// `getByName`, and the stub comes back typed as that namespace's.
import { DormError } from "../errors.js";
import { checkShardCount } from "./checks.js";
import { shardName, shardPrefix, type ShardNameOptions } from "./names.js";
import { shardIndex } from "./shard.js";

/** What `durableObjects.x.shard(key, …)` and `getShardedStub(…, { shards })` take. */
export interface ShardOptions extends ShardNameOptions {
  /** How many shards the set has. Changing it moves keys: see `shardMoves` and docs/sharding.md. */
  shards: number;
}

/** Anything that makes a stub from an object name. */
export interface NamedStubs<Stub> {
  getByName(name: string): Stub;
}

const hasGetByName = (value: unknown) => typeof (value as { getByName?: unknown } | null)?.getByName === "function";

function checkNamespace(namespace: unknown, where: string): void {
  if (hasGetByName(namespace)) return;
  // ws-kit's getShardedStub(env, key, n) takes the whole env: name the binding to pass instead.
  const bindings = typeof namespace === "object" && namespace !== null ? Object.keys(namespace).filter((key) => hasGetByName((namespace as Record<string, unknown>)[key])) : [];
  const hint = bindings.length > 0 ? ` It looks like env: pass one of its namespaces, ${where}(env.${bindings[0]}, key, shards)${bindings.length > 1 ? ` (it has ${bindings.map((b) => `env.${b}`).join(", ")})` : ""}.` : "";
  throw new DormError(
    "DORM_BAD_NAMESPACE",
    `${where}: expected a Durable Object namespace (env.ROOM, or durableObjects.room), got ${namespace === null ? "null" : typeof namespace}.${hint}`,
  );
}

function checkOptions(shardsOrOptions: number | ShardOptions, where: string): ShardOptions {
  const opts = typeof shardsOrOptions === "number" ? { shards: shardsOrOptions } : shardsOrOptions;
  if (typeof opts !== "object" || opts === null) {
    throw new DormError("DORM_BAD_SHARD_COUNT", `${where}: pass the shard count (a number) or { shards, prefix }.`);
  }
  checkShardCount(opts.shards, where);
  shardPrefix(opts, where);
  return opts;
}

/** `getShardedStub`, naming the caller in its errors (`durableObjects.room.shard`). */
export function stubForKey<Stub>(namespace: NamedStubs<Stub>, key: string, shards: number | ShardOptions, where: string): Stub {
  checkNamespace(namespace, where);
  const opts = checkOptions(shards, where);
  return namespace.getByName(shardName(shardIndex(key, opts.shards, where), opts));
}

/** `shardStubs`, naming the caller in its errors (`durableObjects.room.shards`). */
export function stubsForShards<Stub>(namespace: NamedStubs<Stub>, shards: number | ShardOptions, where: string): Stub[] {
  checkNamespace(namespace, where);
  const opts = checkOptions(shards, where);
  return Array.from({ length: opts.shards }, (_, i) => namespace.getByName(shardName(i, opts)));
}

/**
 * The stub of the shard that owns `key`, among `shards` shard objects of `namespace` (a raw
 * binding such as `env.ROOM`, or a dorm accessor). The shard objects are named `"shard:0"` …
 * (see `shardName`).
 *
 * @example
 * const stub = getShardedStub(env.ROOM, "room:general", 10);
 * return stub.fetch(request);
 */
export function getShardedStub<Stub>(namespace: NamedStubs<Stub>, key: string, shards: number | ShardOptions): Stub {
  return stubForKey(namespace, key, shards, "getShardedStub");
}

/**
 * Every shard's stub, in shard order (index i is shard i): what `federate` fans out over.
 *
 * @example
 * const results = await federate(shardStubs(env.ROOM, 10), (room) => room.announce("hi"));
 */
export function shardStubs<Stub>(namespace: NamedStubs<Stub>, shards: number | ShardOptions): Stub[] {
  return stubsForShards(namespace, shards, "shardStubs");
}
