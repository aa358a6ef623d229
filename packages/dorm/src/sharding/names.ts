// Shard object names. Frozen like the shard function: an object's name is its identity
// (idFromName), so a changed name would orphan every shard's data.
//
// The name does not contain the shard count. Shard 3 is the same object with 8 shards as with 9;
// that is what lets a resharding move only the keys that change shard (moves.ts) instead of all.
import { DormError } from "../errors.js";
import { MAX_SHARDS } from "../limits.js";

/** The default prefix: shard 3 is the object named `"shard:3"`. */
export const DEFAULT_SHARD_PREFIX = "shard:";

/** Options shared by every call that names shard objects. */
export interface ShardNameOptions {
  /**
   * Prepended to the shard number to make the object's name; default `"shard:"`. Give each
   * sharded set in one namespace its own prefix (`"eu:"`, `"us:"`), and never use a name
   * that starts with it for anything else in that namespace.
   */
  prefix?: string;
}

/** The prefix from options, checked. */
export function shardPrefix(options: ShardNameOptions | undefined, where: string): string {
  const prefix = options?.prefix ?? DEFAULT_SHARD_PREFIX;
  if (typeof prefix !== "string") {
    throw new DormError("DORM_BAD_SHARD_PREFIX", `${where}: prefix must be a string, got ${typeof prefix}.`);
  }
  return prefix;
}

/**
 * The name of shard `index`'s object: the prefix, then the index in decimal (no padding).
 *
 * @example
 * shardName(3)                      // → "shard:3"
 * shardName(3, { prefix: "eu:" })   // → "eu:3"
 */
export function shardName(index: number, options?: ShardNameOptions): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_SHARDS) {
    throw new DormError("DORM_BAD_SHARD_INDEX", `shardName: the shard index must be an integer from 0 to ${MAX_SHARDS - 1}, got ${index}.`);
  }
  return `${shardPrefix(options, "shardName")}${index}`;
}
