import { describe, expect, it } from "vitest";
import { shardFor } from "./shard.js";
import { getShardedStub, shardStubs, stubForKey } from "./stubs.js";

/** A namespace that hands out its names as stubs, so tests see which object was addressed. */
const namespace = { getByName: (name: string) => ({ name }) };

describe("getShardedStub and shardStubs", () => {
  it("address the object named after the key's shard, with a number or { shards, prefix }", () => {
    expect(getShardedStub(namespace, "room:general", 10)).toEqual({ name: `shard:${shardFor("room:general", 10)}` });
    expect(getShardedStub(namespace, "room:general", { shards: 64 })).toEqual({ name: "shard:53" });
    expect(getShardedStub(namespace, "room:general", { shards: 64, prefix: "eu:" })).toEqual({ name: "eu:53" });
  });

  it("shardStubs lists every shard in order", () => {
    expect(shardStubs(namespace, 3)).toEqual([{ name: "shard:0" }, { name: "shard:1" }, { name: "shard:2" }]);
    expect(shardStubs(namespace, { shards: 2, prefix: "x/" }).map((s) => s.name)).toEqual(["x/0", "x/1"]);
  });

  it("bad input names the call that got it", () => {
    expect(() => getShardedStub({} as typeof namespace, "k", 4)).toThrow(/DORM_BAD_NAMESPACE.*getShardedStub.*env.ROOM/);
    expect(() => getShardedStub(null as unknown as typeof namespace, "k", 4)).toThrow(/DORM_BAD_NAMESPACE.*got null/);
    // Seed 001's ws-kit call passes the whole env: the message names the binding to pass.
    const env = { ROUTER: namespace, GREETING: "hi" };
    expect(() => getShardedStub(env as never, "room:general", 10)).toThrow(/It looks like env: pass one of its namespaces, getShardedStub\(env\.ROUTER, key, shards\)\./);
    expect(() => getShardedStub(namespace, "k", 0)).toThrow(/DORM_BAD_SHARD_COUNT.*getShardedStub/);
    expect(() => getShardedStub(namespace, "k", { shards: "4" } as never)).toThrow(/DORM_BAD_SHARD_COUNT/);
    expect(() => getShardedStub(namespace, "k", undefined as never)).toThrow(/DORM_BAD_SHARD_COUNT.*\{ shards, prefix \}/);
    expect(() => getShardedStub(namespace, 7 as never, 4)).toThrow(/DORM_BAD_SHARD_KEY.*getShardedStub/);
    expect(() => shardStubs(namespace, { shards: 2, prefix: 1 } as never)).toThrow(/DORM_BAD_SHARD_PREFIX.*shardStubs/);
    expect(() => stubForKey(namespace, 7 as never, 4, "durableObjects.room.shard")).toThrow(/durableObjects\.room\.shard: the shard key/);
  });
});
