export { defineDurableObject } from "./object/define.js";
export { durableObjects, bindings } from "./worker/bindings.js";
export { routeObjectRequest } from "./worker/router.js";
export { DormError } from "./errors.js";
export { event } from "./realtime/types.js";
export { reject } from "./realtime/reject.js";
export { MessageError } from "./realtime/message-error.js";
export type {
  ClientEventsOf,
  ClientMessagesOf,
  CloseInfo,
  ConnectAccept,
  Connection,
  ConnectResult,
  EventName,
  EventPayloads,
  EventType,
  Except,
  MessageEntry,
  PayloadArgs,
  RealtimeContext,
  RealtimeSettings,
  RealtimeTypes,
  SendOptions,
} from "./realtime/types.js";
export type { RateLimit } from "./realtime/rate-limit.js";
export type { InferInput, InferOutput, StandardSchemaV1 } from "./realtime/standard-schema.js";
export type { PresenceEntry } from "./realtime/protocol.js";
export {
  DEFAULT_SHARD_PREFIX,
  federate,
  FederateError,
  getShardedStub,
  jumpHash,
  reshard,
  shardFor,
  shardMoves,
  shardName,
  shardStubs,
  xxh64,
} from "./sharding/index.js";
export type {
  FederateCall,
  FederateOptions,
  FederateResult,
  MoveBatch,
  NamedFederateResult,
  NamedStubs,
  ReshardFailure,
  ReshardOptions,
  ReshardReport,
  ShardMove,
  ShardNameOptions,
  ShardOptions,
} from "./sharding/index.js";
export { DormStorage, DormTransaction } from "./state/storage.js";
export type { ListOptions } from "./state/storage.js";
export { SqlStatement } from "./state/sql.js";
export type { DormSql, SqlRow, SqlValue } from "./state/sql.js";
export type { ScheduledTask, ScheduleKind, ScheduleOptions, When } from "./schedule/types.js";
export type {
  AnyMethods,
  CheckedState,
  DefaultEnv,
  DurableObjectDefinition,
  DurableObjectOptions,
  HasTypedMethods,
  InitContext,
  MethodsOf,
  ObjectContext,
  ObjectMethod,
  ObjectMethods,
  RealtimeOf,
  ScheduleTarget,
  StateUpdater,
  TypedParameters,
  WebSocketMessage,
} from "./object/types.js";
export type { StorageKind } from "./state/types.js";
export type { Immutable, Json, Received, Storable, StoredValue, Writable } from "./state/values.js";
export type {
  DefinitionOf,
  DurableObjectAccessors,
  DurableObjectBindings,
  DurableObjectClass,
  DurableObjects,
  ObjectNamespace,
  ObjectStub,
  UntypedMethod,
  WithMethodNames,
} from "./worker/types.js";
