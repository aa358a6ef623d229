import type { ShardOptions } from "../sharding/stubs.js";
import type { HasTypedMethods, MethodsOf } from "../object/types.js";
import type { Received } from "../state/values.js";

type RpcParameters<F> = F extends (ctx: never, ...args: infer A) => unknown ? A : never;
/**
 * What a call resolves to: the caller's own copy of what the method returned (see `Received`).
 * A method typed `any` (a JSON.parse, say) gives `unknown`: callers check it.
 */
type RpcResult<F> = F extends (...args: never[]) => infer R ? Promise<0 extends 1 & R ? unknown : Received<Awaited<R>>> : never;

/**
 * A definition's type as it is: what `.dorm/env.d.ts` names each definition with
 * (`interface Room$definition extends DefinitionOf<typeof import("../app/objects/room").default> {}`),
 * since an interface can only extend a named type.
 */
export type DefinitionOf<D> = D;

declare const methodNames: unique symbol;

/**
 * A definition, plus the method names the build read from its source. `.dorm/env.d.ts` uses it
 * for `defineDurableObject<State>(...)`, whose methods TypeScript cannot see: callers get those
 * names, with `unknown` parameters and results, instead of no methods at all.
 */
export type WithMethodNames<D, Names extends string> = D & { readonly [methodNames]: Names };

/** A method known by name only (see `WithMethodNames`): it takes and returns `unknown`. */
export type UntypedMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * Each method without `ctx`, returning a promise. Mapped over `M` itself (a type parameter), so
 * that editors show each method's own doc comment on the stub.
 */
type StubMethods<M> = { readonly [K in keyof M]: (...args: RpcParameters<M[K]>) => RpcResult<M[K]> };

/** The callable methods of a definition: its own types, else the names the build found. */
type Callable<D> =
  HasTypedMethods<D> extends true
    ? StubMethods<MethodsOf<D>>
    : D extends { readonly [methodNames]: infer Names extends string }
      ? { readonly [K in Names]: UntypedMethod }
      : Record<never, never>;

/**
 * A stub for one object: each method of the definition, minus `ctx`, returning a promise.
 * It is the native Durable Object stub; calls are native RPC.
 */
export type ObjectStub<D> = Callable<D> & {
  readonly id: DurableObjectId;
  readonly name?: string;
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
};

/**
 * The type of the class `dorm build` generates for a definition (the class is JavaScript, in
 * `.dorm/entry.js`): one RPC method per method of `methods`, without `ctx`. The app's env types
 * each binding with it, `DurableObjectNamespace<DurableObjectClass<typeof def>>`, so
 * `env.ROOM.getByName("a").post(...)` takes what `durableObjects.room.get("a").post(...)` takes.
 */
export type DurableObjectClass<D> = Rpc.DurableObjectBranded & {
  readonly [K in keyof Callable<D>]: Callable<D>[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
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

/**
 * The app's Durable Object bindings, keyed by binding name, each typed with its generated class.
 * `.dorm/env.d.ts` fills it in (`COUNTER: DurableObjectNamespace<Counter>`) and `Cloudflare.Env`
 * extends it.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DurableObjectBindings {}

export type DurableObjectAccessors = {
  readonly [K in keyof DurableObjects]: ObjectNamespace<DurableObjects[K]>;
};
