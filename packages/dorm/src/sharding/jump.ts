// Jump consistent hash (John Lamping and Eric Veach, "A Fast, Minimal Memory, Consistent Hash
// Algorithm", 2014): a 64-bit key to a bucket in [0, n). Going from n to n + 1 buckets moves
// exactly the keys that land in the new bucket, 1/(n + 1) of them in expectation, and no key
// moves between old buckets. It needs no table and runs in O(ln n).
// This is the paper's code line for line (its 64-bit LCG, its floating-point step), so it agrees
// with every faithful port (Guava's Hashing.consistentHash included; jump.test.ts checks Guava's
// golden values).
import { DormError } from "../errors.js";
import * as u64 from "./u64.js";

// Module-local bindings: vitest's module runner turns every use of an imported name into a
// property read through a getter, which made the growth test 4× slower. Bundles are unaffected.
const { R, add, fromBigInt, mul } = u64;

const LCG_H = 0x27bb2ee6; // 2862933555777941757, the paper's multiplier
const LCG_L = 0x87b0b0fd;
/** The paper's bucket numbers are 32-bit signed integers. */
const MAX_BUCKETS = 2 ** 31 - 1;

/** The bucket of the 64-bit key (hi, lo) among `buckets` (an integer ≥ 1, checked by callers). */
export function jumpHalves(hi: number, lo: number, buckets: number): number {
  let b = -1;
  let j = 0;
  while (j < buckets) {
    b = j;
    mul(hi, lo, LCG_H, LCG_L);
    add(R.hi, R.lo, 0, 1);
    hi = R.hi;
    lo = R.lo;
    // (key >> 33) is the top 31 bits: hi >>> 1.
    j = Math.floor((b + 1) * (2147483648 / ((hi >>> 1) + 1)));
  }
  return b;
}

/**
 * Jump consistent hash of a 64-bit key (taken mod 2^64) into [0, buckets).
 *
 * @example
 * jumpHash(2n, 100_001) // → 80343
 */
export function jumpHash(key: bigint, buckets: number): number {
  if (typeof key !== "bigint") {
    throw new DormError("DORM_BAD_SHARD_KEY", `jumpHash: the key must be a bigint (a 64-bit hash), got ${typeof key}; for a string key use shardFor(key, n).`);
  }
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_BUCKETS) {
    throw new DormError("DORM_BAD_SHARD_COUNT", `jumpHash: buckets must be an integer from 1 to ${MAX_BUCKETS}, got ${buckets}.`);
  }
  fromBigInt(key);
  return jumpHalves(R.hi, R.lo, buckets);
}
