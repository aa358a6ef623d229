// The signatures ws-kit and cloudwerk document for the calls the "before" examples make. Those
// packages are not installed here; these declarations let tsc check the examples as written.
declare module "@ws-kit/cloudflare" {
  /** Calls `action` with each shard's stub; settles every call (one result per shard, failures included). */
  export function federate(
    namespace: DurableObjectNamespace,
    shardIds: string[],
    action: (shard: DurableObjectStub) => Promise<void>,
  ): Promise<PromiseSettledResult<void>[]>;
}

declare module "@ws-kit/cloudflare/sharding" {
  /** The stub of the shard that owns `topic`, among `shards`, from `env.ROUTER`. */
  export function getShardedStub(env: { ROUTER: DurableObjectNamespace }, topic: string, shards: number, prefix?: string): DurableObjectStub;
}

declare module "@cloudwerk/durable-object" {
  export interface CloudwerkContext<S> {
    readonly state: S;
    setState(next: S): void;
    readonly storage: DurableObjectStorage;
  }
  export interface Definition<S> {
    init?: (ctx: Omit<CloudwerkContext<S>, "state" | "setState">) => S | Promise<S>;
    methods?: Record<string, (ctx: CloudwerkContext<S>, ...args: never[]) => unknown>;
  }
  export function defineDurableObject<S>(definition: Definition<S>): Definition<S>;
}

declare module "@cloudwerk/core/bindings" {
  export const durableObjects: Record<string, { get(name: string): Record<string, (...args: unknown[]) => Promise<unknown>> }>;
}
