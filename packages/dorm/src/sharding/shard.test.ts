import { describe, expect, it } from "vitest";
import { hashKey, xxh64 } from "./hash.js";
import { jumpHalves } from "./jump.js";
import { shardFor } from "./shard.js";
import { R } from "./u64.js";

// FROZEN. These are the routing of every deployed dorm app: if a change to the code makes one of
// them fail, the change is wrong, not the vector. The same table is in docs/sharding.md.
const COUNTS = [1, 2, 8, 10, 11, 64, 1000, 65536];
const VECTORS: [key: string, xxh64: string, shards: number[]][] = [
  ["", "ef46db3751d8e999", [0, 1, 7, 7, 7, 40, 332, 21747]],
  ["a", "d24ec4f1a98c6e5b", [0, 1, 6, 8, 8, 17, 894, 37982]],
  ["room:general", "aa3d3ee835306bac", [0, 0, 3, 3, 3, 53, 542, 5063]],
  ["room:random", "4c62f54457f37cd8", [0, 0, 0, 0, 0, 44, 760, 46010]],
  ["room:gaming", "89bec769c4bb78a4", [0, 1, 5, 5, 5, 52, 509, 23794]],
  ["user:123", "b22b18af3e8865f3", [0, 0, 3, 3, 3, 59, 928, 13686]],
  ["tenant-42/doc-7", "91f1f9272a7d203d", [0, 0, 0, 0, 0, 45, 982, 8010]],
  ["café", "9a40a9b974d85a6a", [0, 0, 7, 7, 7, 60, 877, 7058]],
  ["测试", "403d66837e9bc61f", [0, 1, 2, 8, 8, 52, 469, 53490]],
  ["🙂", "08204c75e29551d3", [0, 0, 3, 3, 3, 3, 568, 50147]],
  ["a-key-that-is-longer-than-thirty-two-bytes", "106e4a1a88127e34", [0, 1, 2, 9, 9, 50, 454, 25271]],
];

const keys = (n: number): string[] => Array.from({ length: n }, (_, i) => `room:${i}`);

describe("shardFor", () => {
  it("gives the frozen vectors", () => {
    for (const [key, hash, shards] of VECTORS) {
      expect(xxh64(key).toString(16).padStart(16, "0"), JSON.stringify(key)).toBe(hash);
      expect(COUNTS.map((n) => shardFor(key, n)), JSON.stringify(key)).toEqual(shards);
    }
  });

  it("distribution: 100,000 keys over 64 shards, max/mean load ≤ 1.10", () => {
    const load = new Array<number>(64).fill(0);
    for (const key of keys(100_000)) load[shardFor(key, 64)]!++;
    const mean = 100_000 / 64;
    const ratio = Math.max(...load) / mean;
    console.log(`distribution: 100,000 keys / 64 shards: min ${Math.min(...load)}, max ${Math.max(...load)}, mean ${mean}, max/mean ${ratio.toFixed(4)}`);
    expect(ratio).toBeLessThanOrEqual(1.1);
    expect(Math.min(...load) / mean).toBeGreaterThanOrEqual(0.9);
  });

  it("growth: n → n + 1 moves within 10% of 1/(n + 1) of the keys, all to the new shard, n = 1…64", () => {
    const count = 100_000;
    // Each key is hashed once; jumpHalves is what shardFor runs after the hash.
    const his = new Uint32Array(count);
    const los = new Uint32Array(count);
    keys(count).forEach((key, i) => {
      hashKey(key);
      his[i] = R.hi;
      los[i] = R.lo;
    });
    expect(jumpHalves(his[7]!, los[7]!, 33)).toBe(shardFor("room:7", 33));
    let before = new Int32Array(count);
    let after = new Int32Array(count);
    const worst = { n: 0, deviation: 0 };
    for (let n = 1; n <= 64; n++) {
      let moved = 0;
      for (let i = 0; i < count; i++) {
        const shard = jumpHalves(his[i]!, los[i]!, n + 1);
        after[i] = shard;
        if (shard === before[i]) continue;
        moved++;
        if (shard !== n) throw new Error(`key room:${i} moved from shard ${before[i]} to ${shard}, not to the new shard ${n}`);
      }
      const ideal = count / (n + 1);
      const deviation = Math.abs(moved - ideal) / ideal;
      if (deviation > worst.deviation) Object.assign(worst, { n, deviation });
      expect(deviation, `n = ${n}: moved ${moved}, ideal ${ideal.toFixed(0)}`).toBeLessThanOrEqual(0.1);
      [before, after] = [after, before];
    }
    console.log(`growth: worst n → n+1 for n = 1…64 is n = ${worst.n}, ${(worst.deviation * 100).toFixed(2)}% from 1/(n+1)`);
  });

  it("rejects a key that is not a string and a bad shard count, naming the call", () => {
    expect(() => shardFor(42 as unknown as string, 8)).toThrow(/DORM_BAD_SHARD_KEY.*shardFor.*String\(id\)/);
    for (const n of [0, -3, 2.5, NaN, Infinity, 65_537, "8"]) {
      expect(() => shardFor("k", n as number)).toThrow(/DORM_BAD_SHARD_COUNT.*shardFor.*from 1 to 65536/);
    }
  });
});
