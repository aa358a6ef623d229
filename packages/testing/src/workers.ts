/**
 * @module
 * For tests that run inside workerd, through `@cloudflare/vitest-pool-workers` (vitest 4): the
 * app's objects, typed from their definitions, and eviction on demand. (Alarms and schedules:
 * dorm runs only what is due, so the pool's `runDurableObjectAlarm` does not force them; use
 * `runAlarms()` of `createTestApp` from Node for that.) In the test's
 * vitest config, point the pool at the config dorm generates for bundlers, and load the app's
 * entry before the tests (it registers the objects that `durableObjects` finds):
 *
 * @example
 * // vitest.config.ts
 * import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
 * import { defineConfig } from "vitest/config";
 * export default defineConfig({
 *   plugins: [cloudflareTest({ wrangler: { configPath: "./.dorm/wrangler.json" } })],
 *   test: { include: ["test-workers/**\/*.test.ts"], setupFiles: ["./.dorm/entry.js"] },
 * });
 *
 * // test-workers/counter.test.ts
 * import { durableObjects, restart } from "@dorm/testing/workers";
 * expect(await durableObjects.counter.get("a").increment(2)).toBe(2);
 * await restart();
 * expect(await durableObjects.counter.get("a").get()).toBe(2);
 */
import { evictAllDurableObjects, evictDurableObject } from "cloudflare:test";
import type { ObjectStub } from "dorm";

export { durableObjects } from "dorm";

/**
 * Evict every running object, as workerd does after a deploy or when idle: in-memory state is
 * gone, storage (state, keys, SQL, alarms) stays, and the next call starts a new instance.
 */
export function restart(): Promise<void> {
  return evictAllDurableObjects();
}

/** Evict one object (see `restart`). */
export function evict<D>(stub: ObjectStub<D>): Promise<void> {
  return evictDurableObject(stub as unknown as DurableObjectStub);
}
