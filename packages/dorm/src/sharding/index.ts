// `dorm/sharding`: the sharding API without the rest of the runtime, so that Node scripts,
// tests and browsers can compute shards (it imports nothing from workerd). `dorm` re-exports it.
export { shardFor } from "./shard.js";
export { xxh64 } from "./hash.js";
export { jumpHash } from "./jump.js";
export { DEFAULT_SHARD_PREFIX, shardName } from "./names.js";
export type { ShardNameOptions } from "./names.js";
export { getShardedStub, shardStubs } from "./stubs.js";
export type { NamedStubs, ShardOptions } from "./stubs.js";
export { federate, FederateError } from "./federate.js";
export type { FederateCall, FederateOptions, FederateResult, NamedFederateResult } from "./federate.js";
export { reshard, shardMoves } from "./moves.js";
export type { MoveBatch, ReshardFailure, ReshardOptions, ReshardReport, ShardMove } from "./moves.js";
