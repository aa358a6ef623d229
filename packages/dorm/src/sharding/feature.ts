import type { WorkerFeatures } from "../worker/registry.js";
import { stubForKey, stubsForShards } from "./stubs.js";

/** The `sharding` feature: `durableObjects.x.shard(key, n)` and `.shards(n)`. */
export const shardingFeature: NonNullable<WorkerFeatures["sharding"]> = { stubForKey, stubsForShards };
