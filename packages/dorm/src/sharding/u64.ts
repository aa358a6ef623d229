// Unsigned 64-bit arithmetic on pairs of uint32 halves (hi, lo), for hash.ts and jump.ts.
// BigInt would be simpler, but it allocates on every operation and makes shardFor several times
// slower (docs/benchmarks.md, section 4), and the shard function runs on every routed request.
// Each operation leaves its result in `R`, one shared register, so nothing is allocated.

/** The result of the last operation: `R.hi`, `R.lo` (uint32 each). */
export const R = { hi: 0, lo: 0 };

const TWO_32 = 0x1_0000_0000;

/** (a × b) mod 2^64. */
export function mul(ah: number, al: number, bh: number, bl: number): void {
  // The low half is Math.imul's. The high half is the top 32 bits of al × bl (from 16-bit limbs,
  // each partial sum < 2^32 so exact in a double) plus the low 32 bits of the cross terms.
  // Kept small on purpose: V8 inlines it into the hash only while the hash's inlining budget lasts.
  const a0 = al & 0xffff;
  const a1 = al >>> 16;
  const b0 = bl & 0xffff;
  const b1 = bl >>> 16;
  const t = a1 * b0 + ((a0 * b0) >>> 16);
  const w = (t & 0xffff) + a0 * b1;
  R.hi = (a1 * b1 + (t >>> 16) + (w >>> 16) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
  R.lo = Math.imul(al, bl) >>> 0;
}

/** (a + b) mod 2^64. */
export function add(ah: number, al: number, bh: number, bl: number): void {
  const low = al + bl;
  R.lo = low >>> 0;
  R.hi = (ah + bh + (low >= TWO_32 ? 1 : 0)) >>> 0;
}

/** Rotate left by 0 < r < 32 bits (every rotation XXH64 uses is in that range). */
export function rotl(h: number, l: number, r: number): void {
  R.hi = ((h << r) | (l >>> (32 - r))) >>> 0;
  R.lo = ((l << r) | (h >>> (32 - r))) >>> 0;
}

/** The halves as a BigInt, for the public API and tests. */
export function toBigInt(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** A BigInt (taken mod 2^64) as halves, in `R`. */
export function fromBigInt(value: bigint): void {
  const v = BigInt.asUintN(64, value);
  R.hi = Number(v >> 32n);
  R.lo = Number(v & 0xffff_ffffn);
}
