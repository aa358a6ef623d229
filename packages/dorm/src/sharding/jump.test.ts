import { describe, expect, it } from "vitest";
import { jumpHash } from "./jump.js";
import { jumpReference } from "./reference.js";
import { random } from "./testing.js";

describe("jumpHash", () => {
  it("matches Guava's cross-language golden values for Hashing.consistentHash", () => {
    const golden100 = [0, 55, 62, 8, 45, 59, 86, 97, 82, 59, 73, 37, 17, 56, 86, 21, 90, 37, 38, 83];
    expect(golden100.map((_, i) => jumpHash(BigInt(i), 100))).toEqual(golden100);
    expect(jumpHash(10863919174838991n, 11)).toBe(6);
    expect(jumpHash(2016238256797177309n, 11)).toBe(3);
    expect(jumpHash(1673758223894951030n, 11)).toBe(5);
    expect(jumpHash(2n, 100_001)).toBe(80343);
    expect(jumpHash(2201n, 100_001)).toBe(22152);
    expect(jumpHash(2202n, 100_001)).toBe(15018);
    // Java longs are signed: −1 is 2^64 − 1.
    expect(jumpHash(-1n, 1000)).toBe(jumpHash(2n ** 64n - 1n, 1000));
  });

  it("the 32-bit-halves code equals the paper's code run on BigInt", () => {
    const next = random(2);
    for (let i = 0; i < 5_000; i++) {
      const key = (BigInt(Math.floor(next() * 2 ** 32)) << 32n) | BigInt(Math.floor(next() * 2 ** 32));
      const buckets = 1 + Math.floor(next() ** 3 * 1_000_000);
      expect(jumpHash(key, buckets)).toBe(jumpReference(key, buckets));
    }
  });

  it("is consistent: as buckets grow one by one, a key stays or moves to the newest bucket", () => {
    const next = random(3);
    const violations: string[] = [];
    for (let k = 0; k < 200; k++) {
      const key = BigInt(Math.floor(next() * 2 ** 52));
      let last = 0;
      for (let n = 1; n <= 500; n++) {
        const b = jumpHash(key, n);
        if (b !== last && b !== n - 1) violations.push(`key ${key}: ${n - 1} buckets → ${last}, ${n} → ${b}`);
        last = b;
      }
    }
    expect(violations).toEqual([]);
  });

  it("rejects a bad key or bucket count", () => {
    expect(() => jumpHash(1 as unknown as bigint, 4)).toThrow(/DORM_BAD_SHARD_KEY.*bigint/);
    for (const n of [0, -1, 1.5, NaN, 2 ** 31]) expect(() => jumpHash(1n, n)).toThrow(/DORM_BAD_SHARD_COUNT/);
  });
});
