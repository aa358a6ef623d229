import { describe, expect, it } from "vitest";
import { TokenBucket } from "./rate-limit.js";

describe("TokenBucket", () => {
  it("lets a burst through, then refills at the rate, and says how long to wait", () => {
    const bucket = new TokenBucket({ burst: 3, perSecond: 10 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(100);
    expect(bucket.take(50)).toBe(50);
    expect(bucket.take(100)).toBe(0);
    // A long pause refills to the burst, not beyond.
    expect([1, 2, 3, 4].map(() => bucket.take(10_000))).toEqual([0, 0, 0, 100]);
  });
});
