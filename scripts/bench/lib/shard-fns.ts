// The key → shard functions the sharding benchmark compares, bundled for Node and for workerd.
import { jumpReference, xxh64Reference } from "../../../packages/dorm/src/sharding/reference.js";
import { shardFor } from "../../../packages/dorm/src/sharding/shard.js";

/** The usual one-liner: Java's String.hashCode, then `Math.abs(h) % n`. */
export function hashCodeMod(key: string, shards: number): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (Math.imul(31, h) + key.charCodeAt(i)) | 0;
  return Math.abs(h) % shards;
}

/** dorm's function written with BigInt (reference.ts): what the 32-bit-halves code saves. */
export function bigintShardFor(key: string, shards: number): number {
  return jumpReference(xxh64Reference(key), shards);
}

export const FUNCTIONS = { shardFor, hashCodeMod, bigintShardFor } as const;
export type FunctionName = keyof typeof FUNCTIONS;

/** Two key shapes: short room names and longer document paths (≥ 32 bytes, XXH64's long path). */
export const KEY_SHAPES = {
  short: (i: number) => `room:${i}`,
  long: (i: number) => `tenant-${i % 977}/documents/report-${i}.md`,
} as const;
export type KeyShape = keyof typeof KEY_SHAPES;

export function makeKeys(shape: KeyShape, count: number): string[] {
  return Array.from({ length: count }, (_, i) => KEY_SHAPES[shape](i));
}

// One loop per function, written out: a shared loop calling `fn` would be a polymorphic call
// site, which V8 cannot inline, and would cost each function differently.
const LOOPS = {
  none(keys: string[], count: number): number {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += keys[i % keys.length]!.length;
    return sum;
  },
  shardFor(keys: string[], count: number, shards: number): number {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += shardFor(keys[i % keys.length]!, shards);
    return sum;
  },
  hashCodeMod(keys: string[], count: number, shards: number): number {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += hashCodeMod(keys[i % keys.length]!, shards);
    return sum;
  },
  bigintShardFor(keys: string[], count: number, shards: number): number {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += bigintShardFor(keys[i % keys.length]!, shards);
    return sum;
  },
};

/** Runs a function over `keys` `count` times (cycling); returns a checksum so no call is optimised away. */
export function loop(name: FunctionName | "none", keys: string[], count: number, shards: number): number {
  return LOOPS[name](keys, count, shards);
}
