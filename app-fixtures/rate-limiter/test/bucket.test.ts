import { describe, expect, it } from "vitest";
import { take, tokensAt } from "../app/objects/_bucket.js";

const config = { limit: 10, windowMs: 10_000 }; // one token per second
const T0 = 1_700_000_000_000;

describe("token bucket", () => {
  it("starts full, spends one token per request, and refuses when empty with the time to wait", () => {
    let bucket = null;
    for (let i = 9; i >= 0; i--) {
      const decision = take(bucket, config, T0);
      expect(decision).toMatchObject({ allowed: true, remaining: i, retryAfterMs: 0 });
      bucket = decision.next;
    }
    const denied = take(bucket, config, T0 + 250);
    expect(denied).toEqual({ allowed: false, remaining: 0, retryAfterMs: 750, next: null });
  });

  it("refills continuously, never above the limit", () => {
    const empty = { tokens: 0, updatedAt: T0 };
    expect(tokensAt(empty, config, T0 + 2_500)).toBe(2.5);
    expect(take(empty, config, T0 + 2_500)).toMatchObject({ allowed: true, remaining: 1 });
    expect(tokensAt(empty, config, T0 + 3_600_000)).toBe(10);
  });

  it("a clock that goes backwards refills nothing and drains nothing", () => {
    const bucket = { tokens: 3, updatedAt: T0 };
    expect(tokensAt(bucket, config, T0 - 60_000)).toBe(3);
  });

  it("takes a cost of several requests at once, or none of it", () => {
    const bucket = { tokens: 2, updatedAt: T0 };
    expect(take(bucket, config, T0, 3)).toEqual({ allowed: false, remaining: 2, retryAfterMs: 1_000, next: null });
    expect(take(bucket, config, T0, 2)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it.each([
    [{ limit: 0, windowMs: 1 }, 1, /limit must be a positive integer/],
    [{ limit: 1.5, windowMs: 1 }, 1, /limit must be a positive integer/],
    [{ limit: 5, windowMs: 0 }, 1, /windowMs must be a positive number/],
    [{ limit: 5, windowMs: 1_000 }, 6, /cost must be an integer from 1 to the limit \(5\)/],
  ])("refuses config %j with cost %i", (bad, cost, message) => {
    expect(() => take(null, bad, T0, cost)).toThrow(message);
  });
});
