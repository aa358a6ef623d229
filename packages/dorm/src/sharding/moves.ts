// Changing the shard count. Jump hashing moves the fewest keys possible (n → n + 1 moves about
// 1/(n + 1) of them, all onto the new shard), but those keys' state still has to travel from the
// object that holds it to the one that will now be asked for it. `reshard` does that travel;
// docs/sharding.md has the procedure around it.
import { DormError } from "../errors.js";
import { checkShardCount } from "./checks.js";
import { federate, type FederateCall, type FederateOptions } from "./federate.js";
import type { ShardNameOptions } from "./names.js";
import { shardFor } from "./shard.js";
import { stubsForShards, type NamedStubs } from "./stubs.js";

/** Where one key lives before and after a change of shard count. */
export interface ShardMove {
  readonly key: string;
  readonly from: number;
  readonly to: number;
  /** `from !== to`: the key's state must move. */
  readonly moved: boolean;
}

/**
 * Where `key` lives with `fromShards` shards and with `toShards`, and whether it moves.
 * With jump hashing a key that moves on growth always moves to a new shard (≥ fromShards),
 * and on shrinking only keys of removed shards move.
 *
 * @example
 * shardMoves("room:general", 8, 9)  // → { key: "room:general", from: 3, to: 3, moved: false }
 * shardMoves("room:general", 8, 64) // → { key: "room:general", from: 3, to: 53, moved: true }
 */
export function shardMoves(key: string, fromShards: number, toShards: number): ShardMove {
  checkShardCount(fromShards, "shardMoves");
  checkShardCount(toShards, "shardMoves");
  const from = shardFor(key, fromShards);
  const to = shardFor(key, toShards);
  return { key, from, to, moved: from !== to };
}

/** Keys that go from one shard to another, and the stubs of both. */
export interface MoveBatch<Stub> {
  readonly from: number;
  readonly to: number;
  readonly keys: readonly string[];
  readonly source: Stub;
  readonly target: Stub;
}

export interface ReshardOptions<Stub> extends ShardNameOptions, Pick<FederateOptions, "concurrency" | "timeoutMs" | "retries" | "retryDelayMs" | "signal"> {
  /** The shard count the data is laid out for now. */
  from: number;
  /** The shard count to lay it out for. */
  to: number;
  /** The keys shard `shard` holds now (e.g. `stub.rooms()`). */
  keys: (stub: Stub, shard: number, call: FederateCall) => Iterable<string> | Promise<Iterable<string>>;
  /**
   * Moves a batch: copy the keys' state to `target`, then delete it from `source`. It may run
   * again for the same keys after a failure (retries, or `reshard` run twice), so it must be
   * idempotent: copying over an earlier copy must be harmless.
   */
  move: (batch: MoveBatch<Stub>, call: FederateCall) => void | Promise<void>;
  /** Keys per `move` call (default 100). */
  batchSize?: number;
}

/** What `reshard` did. Run it again after fixing a failure: moved keys are not moved twice. */
export interface ReshardReport {
  readonly from: number;
  readonly to: number;
  /** Keys listed on the old shards. */
  readonly scanned: number;
  /** Keys whose move succeeded. */
  readonly moved: number;
  /** Moves that succeeded, grouped by (from, to). */
  readonly batches: readonly { readonly from: number; readonly to: number; readonly keys: readonly string[] }[];
  /** Shards that could not be listed, and batches that could not be moved. */
  readonly failures: readonly ReshardFailure[];
  /** No failures. */
  readonly ok: boolean;
}

export type ReshardFailure =
  | { readonly step: "list"; readonly shard: number; readonly error: Error }
  | { readonly step: "move"; readonly from: number; readonly to: number; readonly keys: readonly string[]; readonly error: Error };

const DEFAULT_BATCH = 100;
/** The options `reshard` hands to `federate` for each listing and each batch. */
const FAN_OUT = new Set(["concurrency", "timeoutMs", "retries", "retryDelayMs", "signal"]);

/**
 * Moves every key whose shard changes from `from` to `to` shards: lists the keys on each old
 * shard, and calls `move` for each batch that must travel. Listing and moving go through
 * `federate`, so `concurrency`, `timeoutMs` and `retries` apply to each call, and failures are
 * reported, not thrown. A key is moved from the shard it was found on (not the one `from`
 * predicts), so a second run finishes what a failed one left.
 *
 * @example
 * const report = await reshard(durableObjects.room, {
 *   from: 8,
 *   to: 9,
 *   keys: (stub) => stub.rooms(),
 *   move: async ({ keys, source, target }) => {
 *     await target.importRooms(await source.exportRooms(keys));
 *     await source.dropRooms(keys);
 *   },
 * });
 */
export async function reshard<Stub>(namespace: NamedStubs<Stub>, options: ReshardOptions<Stub>): Promise<ReshardReport> {
  if (typeof options !== "object" || options === null) {
    throw new DormError("DORM_BAD_RESHARD", "reshard: pass { from, to, keys, move }.");
  }
  const { from, to, keys, move, batchSize = DEFAULT_BATCH, prefix, ...fanOut } = options;
  for (const key of Object.keys(fanOut)) {
    if (!FAN_OUT.has(key)) {
      throw new DormError("DORM_BAD_RESHARD", `reshard: unknown option "${key}" (known: from, to, keys, move, batchSize, prefix, ${[...FAN_OUT].join(", ")}).`);
    }
  }
  checkShardCount(from, "reshard (from)");
  checkShardCount(to, "reshard (to)");
  if (typeof keys !== "function" || typeof move !== "function") {
    throw new DormError("DORM_BAD_RESHARD", "reshard: keys and move must be functions: keys(stub, shard) lists a shard's keys, move(batch) moves some.");
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new DormError("DORM_BAD_RESHARD", `reshard: batchSize must be an integer ≥ 1, got ${batchSize}.`);
  }
  const stubs = stubsForShards(namespace, prefix === undefined ? Math.max(from, to) : { shards: Math.max(from, to), prefix }, "reshard");

  const listed = await federate(stubs.slice(0, from), async (stub, shard, call) => [...(await keys(stub, shard, call))], fanOut);
  const failures: ReshardFailure[] = [];
  const planned: { from: number; to: number; keys: string[] }[] = [];
  let scanned = 0;
  for (const result of listed) {
    if (!result.ok) {
      failures.push({ step: "list", shard: result.shard, error: result.error });
      continue;
    }
    scanned += result.value.length;
    const byTarget = new Map<number, string[]>();
    for (const key of result.value) {
      const target = shardFor(key, to);
      if (target === result.shard) continue;
      let group = byTarget.get(target);
      if (!group) byTarget.set(target, (group = []));
      group.push(key);
    }
    for (const [target, group] of [...byTarget].sort((a, b) => a[0] - b[0])) {
      for (let i = 0; i < group.length; i += batchSize) {
        planned.push({ from: result.shard, to: target, keys: group.slice(i, i + batchSize) });
      }
    }
  }

  const moves = await federate(
    planned,
    (batch, _, call) => move({ ...batch, source: stubs[batch.from]!, target: stubs[batch.to]! }, call),
    fanOut,
  );
  const batches: ReshardReport["batches"][number][] = [];
  let moved = 0;
  for (const result of moves) {
    const batch = planned[result.shard]!;
    if (result.ok) {
      batches.push(batch);
      moved += batch.keys.length;
    } else {
      failures.push({ step: "move", ...batch, error: result.error });
    }
  }
  return { from, to, scanned, moved, batches, failures, ok: failures.length === 0 };
}
