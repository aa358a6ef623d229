// XXH64 (xxHash, 64-bit; Yann Collet), the hash behind shard routing. Chosen over FNV-1a 64
// for its avalanche: every input bit moves every output bit, so keys that differ only in their
// last character ("room:1", "room:2") land on unrelated shards. Strings are hashed as their
// UTF-8 bytes (as TextEncoder encodes them: a lone surrogate becomes U+FFFD), so the same key
// hashes the same in workerd, Node, browsers and any other xxHash implementation.
// Pure JavaScript on 32-bit halves (u64.ts): no Node built-ins, no BigInt on the hot path.
import { DormError } from "../errors.js";
import * as u64 from "./u64.js";

// Module-local bindings, as in jump.ts (imported names are slow under vitest's module runner).
const { R, add, fromBigInt, mul, rotl, toBigInt } = u64;

const P1H = 0x9e3779b1, P1L = 0x85ebca87;
const P2H = 0xc2b2ae3d, P2L = 0x27d4eb4f;
const P3H = 0x165667b1, P3L = 0x9e3779f9;
const P4H = 0x85ebca77, P4L = 0xc2b2ae63;
const P5H = 0x27d4eb2f, P5L = 0x165667c5;
/** 2^64 − P1, so that `seed − P1` is an addition. */
const NEG_P1H = 0x61c8864e, NEG_P1L = 0x7a143579;

let buffer = new Uint8Array(256);
const encoder = new TextEncoder();
/** A buffer grown past this for one huge key is dropped afterwards, not kept for ever. */
const KEEP_BYTES = 8192;

function shrink(): void {
  if (buffer.length > KEEP_BYTES) buffer = new Uint8Array(256);
}

/** UTF-8 bytes of `key` into the shared buffer; returns their count. ASCII skips the encoder. */
function utf8(key: string): number {
  const n = key.length;
  if (buffer.length < n * 3) buffer = new Uint8Array(Math.max(n * 3, buffer.length * 2));
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c >= 0x80) return encoder.encodeInto(key, buffer).written;
    buffer[i] = c;
  }
  return n;
}

const read32 = (b: Uint8Array, p: number): number => (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;

/** XXH64's round: acc = rotl(acc + input × P2, 31) × P1. */
function round(ah: number, al: number, ih: number, il: number): void {
  mul(ih, il, P2H, P2L);
  add(ah, al, R.hi, R.lo);
  rotl(R.hi, R.lo, 31);
  mul(R.hi, R.lo, P1H, P1L);
}

/** XXH64's merge: acc = (acc ^ round(0, v)) × P1 + P4. */
function merge(ah: number, al: number, vh: number, vl: number): void {
  round(0, 0, vh, vl);
  mul((ah ^ R.hi) >>> 0, (al ^ R.lo) >>> 0, P1H, P1L);
  add(R.hi, R.lo, P4H, P4L);
}

// The work is split in five functions so that V8 can inline the 64-bit helpers into each:
// one function doing everything exceeds V8's inlining budget and runs about twice as slow.

/** XXH64 of `b[0, len)` with a 64-bit seed; the result is left in `R`. */
function xxh64Bytes(b: Uint8Array, len: number, seedH: number, seedL: number): void {
  if (len >= 32) stripes(b, len, seedH, seedL);
  else add(seedH, seedL, P5H, P5L);
  add(R.hi, R.lo, 0, len);
  tail(b, len - (len % 32), len, R.hi, R.lo);
}

/** The four-lane loop over 32-byte stripes; for inputs of 32 bytes or more. */
function stripes(b: Uint8Array, len: number, seedH: number, seedL: number): void {
  add(seedH, seedL, P1H, P1L);
  add(R.hi, R.lo, P2H, P2L);
  let v1h = R.hi, v1l = R.lo;
  add(seedH, seedL, P2H, P2L);
  let v2h = R.hi, v2l = R.lo;
  let v3h = seedH, v3l = seedL;
  add(seedH, seedL, NEG_P1H, NEG_P1L);
  let v4h = R.hi, v4l = R.lo;
  for (let p = 0; p + 32 <= len; p += 32) {
    round(v1h, v1l, read32(b, p + 4), read32(b, p));
    v1h = R.hi; v1l = R.lo;
    round(v2h, v2l, read32(b, p + 12), read32(b, p + 8));
    v2h = R.hi; v2l = R.lo;
    round(v3h, v3l, read32(b, p + 20), read32(b, p + 16));
    v3h = R.hi; v3l = R.lo;
    round(v4h, v4l, read32(b, p + 28), read32(b, p + 24));
    v4h = R.hi; v4l = R.lo;
  }
  converge(v1h, v1l, v2h, v2l, v3h, v3l, v4h, v4l);
}

/** The four lanes into one hash. */
function converge(v1h: number, v1l: number, v2h: number, v2l: number, v3h: number, v3l: number, v4h: number, v4l: number): void {
  rotl(v1h, v1l, 1);
  let h = R.hi, l = R.lo;
  rotl(v2h, v2l, 7);
  add(h, l, R.hi, R.lo);
  h = R.hi; l = R.lo;
  rotl(v3h, v3l, 12);
  add(h, l, R.hi, R.lo);
  h = R.hi; l = R.lo;
  rotl(v4h, v4l, 18);
  add(h, l, R.hi, R.lo);
  merge(R.hi, R.lo, v1h, v1l);
  merge(R.hi, R.lo, v2h, v2l);
  merge(R.hi, R.lo, v3h, v3l);
  merge(R.hi, R.lo, v4h, v4l);
}

/** The last 0–31 bytes from `p`, then the final mix. */
function tail(b: Uint8Array, p: number, len: number, h: number, l: number): void {
  for (; p + 8 <= len; p += 8) {
    round(0, 0, read32(b, p + 4), read32(b, p));
    rotl((h ^ R.hi) >>> 0, (l ^ R.lo) >>> 0, 27);
    mul(R.hi, R.lo, P1H, P1L);
    add(R.hi, R.lo, P4H, P4L);
    h = R.hi; l = R.lo;
  }
  if (p + 4 <= len) {
    mul(0, read32(b, p), P1H, P1L);
    rotl((h ^ R.hi) >>> 0, (l ^ R.lo) >>> 0, 23);
    mul(R.hi, R.lo, P2H, P2L);
    add(R.hi, R.lo, P3H, P3L);
    h = R.hi; l = R.lo;
    p += 4;
  }
  for (; p < len; p++) {
    mul(0, b[p]!, P5H, P5L);
    rotl((h ^ R.hi) >>> 0, (l ^ R.lo) >>> 0, 11);
    mul(R.hi, R.lo, P1H, P1L);
    h = R.hi; l = R.lo;
  }
  avalanche(h, l);
}

/** The final mix: h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32. */
function avalanche(h: number, l: number): void {
  l = (l ^ (h >>> 1)) >>> 0;
  mul(h, l, P2H, P2L);
  h = R.hi;
  l = R.lo;
  l = (l ^ ((l >>> 29) | (h << 3))) >>> 0;
  h = (h ^ (h >>> 29)) >>> 0;
  mul(h, l, P3H, P3L);
  R.lo = (R.lo ^ R.hi) >>> 0;
}

/** XXH64 (seed 0) of a key's UTF-8 bytes, left in `R`: the hot path of `shardFor`. */
export function hashKey(key: string): void {
  const len = utf8(key); // first: it may replace `buffer` with a bigger one
  xxh64Bytes(buffer, len, 0, 0);
  shrink();
}

/**
 * XXH64 of a string (its UTF-8 bytes) or of bytes, as an unsigned 64-bit BigInt. It is the
 * standard xxHash64, so any other implementation gives the same value.
 *
 * @example
 * xxh64("room:general").toString(16).padStart(16, "0") // → "aa3d3ee835306bac", as `xxhsum -H1` prints it
 */
export function xxh64(input: string | Uint8Array, seed: bigint | number = 0): bigint {
  if (typeof seed === "number" && !Number.isSafeInteger(seed)) {
    throw new DormError("DORM_BAD_SEED", `xxh64: the seed must be an integer (a number or a bigint), got ${seed}.`);
  }
  fromBigInt(BigInt(seed));
  const seedH = R.hi;
  const seedL = R.lo;
  if (typeof input === "string") {
    const len = utf8(input);
    xxh64Bytes(buffer, len, seedH, seedL);
    shrink();
  } else if (input instanceof Uint8Array) {
    xxh64Bytes(input, input.length, seedH, seedL);
  } else {
    throw new DormError("DORM_BAD_KEY", `xxh64: expected a string or a Uint8Array, got ${typeof input}.`);
  }
  return toBigInt(R.hi, R.lo);
}
