import { describe, expect, it } from "vitest";
import { DEFAULT_SHARD_PREFIX, shardName } from "./names.js";

describe("shardName", () => {
  it("is the prefix and the decimal index, without the shard count (frozen; docs/sharding.md)", () => {
    expect(DEFAULT_SHARD_PREFIX).toBe("shard:");
    expect([0, 1, 7, 10, 65_535].map((i) => shardName(i))).toEqual(["shard:0", "shard:1", "shard:7", "shard:10", "shard:65535"]);
    expect(shardName(3, { prefix: "eu:" })).toBe("eu:3");
    expect(shardName(3, { prefix: "" })).toBe("3");
  });

  it("rejects a bad index or prefix", () => {
    for (const i of [-1, 1.5, NaN, 65_536]) expect(() => shardName(i)).toThrow(/DORM_BAD_SHARD_INDEX.*0 to 65535/);
    expect(() => shardName(1, { prefix: 5 as unknown as string })).toThrow(/DORM_BAD_SHARD_PREFIX.*string/);
  });
});
