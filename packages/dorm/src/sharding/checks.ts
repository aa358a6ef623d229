// Input checks shared by every sharding entry point, so each names itself in the same words.
import { DormError } from "../errors.js";
import { MAX_SHARDS } from "../limits.js";

/** Throws unless `shards` is a whole number of shards dorm accepts. */
export function checkShardCount(shards: unknown, where: string): asserts shards is number {
  if (typeof shards !== "number" || !Number.isInteger(shards) || shards < 1 || shards > MAX_SHARDS) {
    throw new DormError(
      "DORM_BAD_SHARD_COUNT",
      `${where}: the shard count must be an integer from 1 to ${MAX_SHARDS}, got ${typeof shards === "number" ? shards : JSON.stringify(shards) ?? typeof shards}.`,
    );
  }
}

/** Throws unless `key` is a string (numbers would hash differently from their text: be explicit). */
export function checkKey(key: unknown, where: string): asserts key is string {
  if (typeof key !== "string") {
    throw new DormError(
      "DORM_BAD_SHARD_KEY",
      `${where}: the shard key must be a string, got ${typeof key}; convert it yourself (String(id)) so the same key always gives the same text.`,
    );
  }
}
