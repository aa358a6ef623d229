import type { ShardOptions } from "../sharding/stubs.js";
import type { MethodsOf } from "../object/types.js";

type RpcParameters<F> = F extends (ctx: never, ...args: infer A) => unknown ? A : never;
type RpcResult<F> = F extends (...args: never[]) => infer R ? Promise<Awaited<R>> : never;

/**
 * A stub for one object: each method of the definition, minus `ctx`, returning a promise.
 * It is the native Durable Object stub; calls are native RPC.
 */
export type ObjectStub<D> = {
  readonly [K in keyof MethodsOf<D>]: (...args: RpcParameters<MethodsOf<D>[K]>) => RpcResult<MethodsOf<D>[K]>;
} & {
  readonly id: DurableObjectId;
  readonly name?: string;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
};

/** How to reach the objects of one class. */
export interface ObjectNamespace<D> {
  /** A stub for the object with this name (a string) or this id. */
  get(nameOrId: string | DurableObjectId): ObjectStub<D>;
  getByName(name: string): ObjectStub<D>;
  idFromName(name: string): DurableObjectId;
  idFromString(hex: string): DurableObjectId;
  newUniqueId(options?: DurableObjectNamespaceNewUniqueIdOptions): DurableObjectId;
  /** The binding underneath (`env.COUNTER`). */
  readonly namespace: DurableObjectNamespace;
  /**
   * The stub of the shard object that owns `key` among `shards` (the object named `"shard:<n>"`;
   * docs/sharding.md). The same key always reaches the same shard.
   *
   * @example
   * const room = durableObjects.room.shard("general", { shards: 8 });
   */
  shard(key: string, shards: number | ShardOptions): ObjectStub<D>;
  /**
   * Every shard's stub, index = shard number, for `federate`.
   *
   * @example
   * await federate(durableObjects.room.shards(8), (room) => room.announce("hello"));
   */
  shards(shards: number | ShardOptions): ObjectStub<D>[];
}

/**
 * The app's objects, keyed by accessor name. `.dorm/env.d.ts` (generated) fills it in:
 * `counter: typeof import("../app/objects/counter").default`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DurableObjects {}

export type DurableObjectAccessors = {
  readonly [K in keyof DurableObjects]: ObjectNamespace<DurableObjects[K]>;
};
