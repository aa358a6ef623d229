import { durableObjects, evict, restart } from "@dorm/testing/workers";
import { describe, expect, it } from "vitest";

// Runs inside workerd through @cloudflare/vitest-pool-workers (the current lane:
// scripts/lanes/packed-install.mjs --workers-pool), where the test itself holds the bindings.
describe("counter inside workerd (vitest-pool-workers)", () => {
  it("typed RPC; state survives an eviction of every object", async () => {
    const counter = durableObjects.counter.get("pool");
    expect(await counter.increment(2)).toBe(2);
    expect(await counter.decrement()).toBe(1);
    await restart();
    expect(await durableObjects.counter.get("pool").get()).toBe(1);
  });

  it("one object evicted; the others, and its storage, untouched", async () => {
    const a = durableObjects.counter.get("a");
    const b = durableObjects.counter.get("b");
    await a.increment(3);
    await b.increment(4);
    await evict(a);
    expect(await a.increment()).toBe(4);
    expect(await b.get()).toBe(4);
    // Typed from app/objects/counter.ts (tsc -p test-workers runs before this file does).
    // @ts-expect-error increment takes a number
    const typed = () => a.increment("one");
    expect(typeof typed).toBe("function");
  });
});
