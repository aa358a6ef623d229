// The part of `cloudflare:test` (provided by @cloudflare/vitest-pool-workers inside workerd) that
// src/workers.ts calls, for compiling this package; an app's tests get the pool's own types.
declare module "cloudflare:test" {
  export function evictAllDurableObjects(): Promise<void>;
  export function evictDurableObject(stub: DurableObjectStub): Promise<void>;
}
