// The key → shard function: XXH64 of the key's UTF-8 bytes (seed 0), then jump consistent hash.
// Frozen: the vectors in shard.test.ts and docs/sharding.md must never change, or every deployed
// app would route its keys to other objects.
import { checkKey, checkShardCount } from "./checks.js";
import { hashKey } from "./hash.js";
import { R } from "./u64.js";
import { jumpHalves } from "./jump.js";

/**
 * The shard (0 … shards − 1) that owns `key`. Same key and count, same shard, everywhere and
 * forever. Adding a shard moves only the keys the new shard takes (1/(n + 1) of them).
 *
 * @example
 * shardFor("room:general", 10) // → 3, in every version of dorm (docs/sharding.md, test vectors)
 */
export function shardFor(key: string, shards: number): number {
  return shardIndex(key, shards, "shardFor");
}

/** `shardFor`, naming the caller in its errors. */
export function shardIndex(key: string, shards: number, where: string): number {
  checkKey(key, where);
  checkShardCount(shards, where);
  hashKey(key);
  return jumpHalves(R.hi, R.lo, shards);
}
