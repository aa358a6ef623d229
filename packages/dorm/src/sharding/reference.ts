// The published algorithms written the obvious way, with BigInt: xxHash64 (Yann Collet, XXH64
// specification) and jump consistent hash (Lamping & Veach, 2014, "A Fast, Minimal Memory,
// Consistent Hash Algorithm", figure 1). Tests check the fast 32-bit-halves code in hash.ts and
// jump.ts against these, and the benchmark shows why the fast code exists (BigInt is ~10× slower).
// Not exported from the package.

const MASK = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

const rotl = (x: bigint, r: bigint): bigint => ((x << r) | (x >> (64n - r))) & MASK;
const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK;
const read64 = (b: Uint8Array, p: number): bigint => {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[p + i]!);
  return v;
};
const read32 = (b: Uint8Array, p: number): bigint =>
  BigInt(b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + (BigInt(b[p + 3]!) << 24n);

function round(acc: bigint, input: bigint): bigint {
  return mul(rotl((acc + mul(input, P2)) & MASK, 31n), P1);
}

function mergeRound(acc: bigint, value: bigint): bigint {
  return (mul(acc ^ round(0n, value), P1) + P4) & MASK;
}

/** XXH64 of `input` (a string is hashed as its UTF-8 bytes). */
export function xxh64Reference(input: string | Uint8Array, seed: bigint = 0n): bigint {
  const b = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const len = b.length;
  let p = 0;
  let h: bigint;
  if (len >= 32) {
    let v1 = (seed + P1 + P2) & MASK;
    let v2 = (seed + P2) & MASK;
    let v3 = seed;
    let v4 = (seed - P1) & MASK;
    while (p + 32 <= len) {
      v1 = round(v1, read64(b, p));
      v2 = round(v2, read64(b, p + 8));
      v3 = round(v3, read64(b, p + 16));
      v4 = round(v4, read64(b, p + 24));
      p += 32;
    }
    h = (rotl(v1, 1n) + rotl(v2, 7n) + rotl(v3, 12n) + rotl(v4, 18n)) & MASK;
    h = mergeRound(h, v1);
    h = mergeRound(h, v2);
    h = mergeRound(h, v3);
    h = mergeRound(h, v4);
  } else {
    h = (seed + P5) & MASK;
  }
  h = (h + BigInt(len)) & MASK;
  for (; p + 8 <= len; p += 8) {
    h ^= round(0n, read64(b, p));
    h = (mul(rotl(h, 27n), P1) + P4) & MASK;
  }
  if (p + 4 <= len) {
    h ^= mul(read32(b, p), P1);
    h = (mul(rotl(h, 23n), P2) + P3) & MASK;
    p += 4;
  }
  for (; p < len; p++) {
    h ^= mul(BigInt(b[p]!), P5);
    h = mul(rotl(h, 11n), P1);
  }
  h ^= h >> 33n;
  h = mul(h, P2);
  h ^= h >> 29n;
  h = mul(h, P3);
  h ^= h >> 32n;
  return h;
}

/** Jump consistent hash of a 64-bit key into [0, buckets), as in the paper. */
export function jumpReference(key: bigint, buckets: number): number {
  let b = -1;
  let j = 0;
  let k = key & MASK;
  while (j < buckets) {
    b = j;
    k = (k * 2862933555777941757n + 1n) & MASK;
    j = Math.floor((b + 1) * (2147483648 / (Number(k >> 33n) + 1)));
  }
  return b;
}
