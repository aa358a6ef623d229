import type { DormStorage } from "../state/storage.js";
import type { DormSql } from "../state/sql.js";
import type { StorageKind } from "../state/types.js";
import type { Immutable, Json } from "../state/values.js";
import type { RealtimeContext, RealtimeOptions, RealtimeTypes } from "../realtime/types.js";
import type { ScheduledTask, ScheduleOptions, When } from "../schedule/types.js";

/** The environment of the worker: `Cloudflare.Env`, which `.dorm/env.d.ts` extends. */
export type DefaultEnv = Cloudflare.Env;

/**
 * The method names `ctx.schedule` accepts: the keys of the definition's `methods`. When there
 * are none (no `methods`, or `defineDurableObject<State>(...)`, whose methods TypeScript cannot
 * see), the parameter's type says so.
 */
export type ScheduleTarget<K extends string> = [K] extends [never]
  ? "(no methods are known here: a schedule calls one of the definition's methods; see docs/types.md)"
  : K;

/**
 * What `init` receives: everything of `ctx` except the state, which does not exist yet.
 * (Keeping `state` out also lets TypeScript infer the state's type from what `init` returns.)
 * `K` is the names of the definition's methods (what `schedule` may call).
 */
export interface InitContext<E = DefaultEnv, K extends string = never> {
  /** The object's id. */
  readonly id: DurableObjectId;
  /**
   * The name the object is addressed by (`durableObjects.room.get("lobby")` → `"lobby"`).
   * For objects made with `newUniqueId()` it is the id's hex string.
   */
  readonly name: string;
  readonly env: E;
  /** Key-value storage (works for SQLite- and KV-backed objects). */
  readonly storage: DormStorage;
  /** SQLite access with bound parameters. Only for objects with `storage: "sqlite"` (the default). */
  readonly sql: DormSql;
  /** Accept a hibernatable WebSocket, with up to 10 tags for `getWebSockets(tag)`. */
  acceptWebSocket(ws: WebSocket, tags?: string[]): void;
  /** The accepted WebSockets, or those with one tag. */
  getWebSockets(tag?: string): WebSocket[];
  /**
   * Set the object's own alarm (a later call replaces it); `alarm` runs when it fires. It lives
   * beside the schedules below: dorm keeps the platform's single alarm on whichever is first.
   */
  setAlarm(at: number | Date): Promise<void>;
  getAlarm(): Promise<number | null>;
  deleteAlarm(): Promise<void>;
  /**
   * Call `methods[method](ctx, payload, task)` at a `Date`, after a delay in ms, or on every
   * match of a cron string (UTC unless `options.timezone`). Delivered at least once; a throwing
   * callback is retried with backoff (`options.retries`, default 3), then dropped and logged.
   * SQLite-backed objects only. `method` must be one of the definition's methods, and the
   * payload must come back unchanged from JSON (it is stored as JSON).
   *
   * @example
   * await ctx.schedule(30_000, "expire", { lease: 7 });
   * await ctx.schedule("0 9 * * 1", "weeklyReport", undefined, { timezone: "Europe/Paris" });
   */
  schedule<M extends ScheduleTarget<K>, P = undefined>(when: When, method: M, payload?: Json<P>, options?: ScheduleOptions): Promise<ScheduledTask<P>>;
  /**
   * Call `methods[method]` every `intervalMs`. Idempotent: the same method, interval and payload
   * keep one interval however often this runs (or pass `options.key`).
   *
   * @example
   * await ctx.scheduleEvery(60_000, "flush");
   */
  scheduleEvery<M extends ScheduleTarget<K>, P = undefined>(
    intervalMs: number,
    method: M,
    payload?: Json<P>,
    options?: ScheduleOptions,
  ): Promise<ScheduledTask<P>>;
  /** Remove a schedule by id; false when there was none. */
  cancelSchedule(id: string): Promise<boolean>;
  /** Pending schedules, earliest first. */
  listSchedules(): ScheduledTask[];
  /** Keep the object alive until the promise settles, without delaying the response. */
  waitUntil(promise: Promise<unknown>): void;
  /** Run `fn` while no other event is delivered to the object. */
  blockConcurrencyWhile<T>(fn: () => Promise<T>): Promise<T>;
  /** The underlying `DurableObjectState`, for what dorm does not wrap. */
  readonly raw: DurableObjectState;
}

/**
 * What every handler of an object receives as `ctx`. `S` is the state (what `init` returns), `E`
 * the worker's env, `Mem` the instance memory (what `memory` returns), `Ev` the declared
 * `events` and `K` the names of the methods.
 *
 * `state` is persisted: `setState` writes it to storage, and the next activation of the object
 * (after eviction, restart or deploy) reads it back before any handler runs.
 */
export interface ObjectContext<S = unknown, E = DefaultEnv, Mem = unknown, Ev = unknown, K extends string = never>
  extends InitContext<E, K>,
    RealtimeContext<Ev> {
  /**
   * The object's persisted state: what `init` returned, then whatever `setState` set. Read-only
   * at every depth: a change made in place would not be persisted, so it goes through `setState`.
   */
  readonly state: Immutable<S>;
  /**
   * This instance's memory: what the definition's `memory()` built when the instance started
   * (`undefined` without one). Never persisted; gone when the object is evicted or hibernates,
   * and built anew (then `activate` runs) on the next wake. Mutate it freely.
   */
  readonly memory: Mem;
  /**
   * Replace the state (or derive it from the previous one) and persist it. The new state has the
   * state's fields and no others. Throws, keeping the last good state, when `validateState`
   * refuses the new one or it is over the storage limit.
   *
   * @example
   * ctx.setState((s) => ({ ...s, count: s.count + 1 }));
   */
  setState<Next extends Immutable<S> | StateUpdater<S>>(next: CheckedState<Next, S>): Promise<void>;
}

/** `setState`'s function form: the next state from the previous one. */
export type StateUpdater<S> = (prev: Immutable<S>) => Immutable<S>;

type FieldsOf<S> = S extends unknown ? keyof S : never;
type ExtraFields<N, S> = N extends object ? Exclude<keyof N, FieldsOf<S>> : never;
type NotAField<K> = `${K & string} is not a field of the state`;
/** The new state, with a sentence in place of each field the state does not have. */
type OnlyStateFields<N, S> = [ExtraFields<N, S>] extends [never] ? N : { [K in keyof N]: K extends ExtraFields<N, S> ? NotAField<K> : N[K] };
type UpdaterFields<R, S> = [ExtraFields<R, S>] extends [never] ? unknown : { readonly [K in ExtraFields<R, S>]: NotAField<K> };
/**
 * What `setState` accepts: a state, or a function returning one, without fields the state does
 * not have (a returned object literal escapes TypeScript's own excess-property check).
 */
export type CheckedState<Next, S> = Next extends (prev: never) => infer R ? Next & ((prev: Immutable<S>) => UpdaterFields<R, S>) : OnlyStateFields<Next, S>;

/**
 * One RPC method: `ctx`, then the parameters callers pass. Parameters after `ctx` need a type
 * annotation (`add(ctx, by: number)`); one without gets the type `never`, and
 * `defineDurableObject` reports it.
 */
export type ObjectMethod<S = unknown, E = DefaultEnv, Mem = unknown, Ev = unknown, K extends string = never> = (
  ctx: ObjectContext<S, E, Mem, Ev, K>,
  ...args: never[]
) => unknown;
export type ObjectMethods<S = unknown, E = DefaultEnv, Mem = unknown, Ev = unknown, K extends string = never> = Record<
  string,
  ObjectMethod<S, E, Mem, Ev, K>
>;

/** Any method of any object (`never` takes every ctx type): what `M` is inferred within. */
export type AnyMethods = Record<string, (ctx: never, ...args: never[]) => unknown>;

/** Each method's contextual type: its `ctx`. */
type MethodContexts<M, S, E, Mem, Ev, K extends string> = { [N in keyof M]: ObjectMethod<S, E, Mem, Ev, K> };

type Untyped<Params> = Params extends readonly unknown[]
  ? number extends Params["length"]
    ? false
    : true extends { [I in keyof Params]: [Params[I]] extends [never] ? true : false }[number]
      ? true
      : false
  : false;
/**
 * Each method whose parameters all have types, and a sentence in place of one that has a
 * parameter without: an unannotated parameter would accept anything from callers.
 */
export type TypedParameters<M> = {
  [N in keyof M]: M[N] extends (ctx: never, ...args: infer A) => unknown
    ? Untyped<A> extends true
      ? `${N & string}: give each parameter after ctx a type, e.g. ${N & string}(ctx, by: number)`
      : unknown
    : unknown;
};

export type WebSocketMessage = string | ArrayBuffer;

// How an option gets its types (follow it for new options; test/types/ checks every rule):
// - Whatever the option lets TypeScript infer is a type parameter of defineDurableObject, with a
//   default (so that defineDurableObject<State>(...) stays valid) and a place in
//   DurableObjectDefinition's brand when callers or @dorm/client need it.
// - A handler's `ctx` is ObjectContext<S, E, Mem, Ev, K>: it never names M (the methods are
//   inferred from the handlers themselves), nor anything inferred from a handler's result
//   (TypeScript fixes every type parameter `ctx` names when it types `ctx`; connect's C and P
//   reach `conn`, not ctx). A per-instance type on ctx (Mem) is a parameter of ObjectContext,
//   inferred from an option TypeScript reads before the handlers (`memory: () => ...` takes no
//   parameter, so it is read first).
// - A handler's contextual type is an object type (as MethodContexts is), never a naked type
//   parameter's constraint: once any inference exists, TypeScript reads a constraint against
//   partial inferences and a state inferred from init(ctx) is lost.
// - What a value may be is a type that maps it to itself or to a sentence (state/values.ts), so
//   the compiler's message says what to do; no `any` anywhere in a public type.

/**
 * What `defineDurableObject` takes. Every member is optional. C, P, Sch, Msgs and Ev are the
 * realtime types (connection data, presence, message schemas, message entries, events), Mem the
 * instance memory's type (from `memory`) and K the names of the methods, all inferred; see
 * `RealtimeOptions`.
 */
export interface DurableObjectOptions<
  S,
  E,
  M,
  C = unknown,
  P = unknown,
  Sch = unknown,
  Msgs = unknown,
  Ev = unknown,
  K extends string = never,
  Mem = unknown,
> extends RealtimeOptions<ObjectContext<S, E, Mem, Ev, K>, C, P, Sch, Msgs, Ev> {
  /** Builds the first state; runs once per object, when nothing is stored yet. */
  init?: (ctx: InitContext<E, K>) => S | Promise<S>;
  /**
   * Builds this instance's memory (`ctx.memory`) each time the object starts: what a
   * hand-written class keeps in fields set by its constructor. Never persisted. A function, so
   * that instances never share it.
   *
   * @example
   * memory: () => ({ lastTimestamp: 0, cache: new Map<string, Message>() }),
   */
  memory?: () => Mem;
  /**
   * Runs each time the object starts (first call, or waking after eviction or hibernation),
   * after the state is loaded and `memory` built, before any event is delivered, with no other
   * event running (inside `blockConcurrencyWhile`). What a constructor or partyserver's
   * `onStart` does: rebuild caches, `setWebSocketAutoResponse`. If it throws, the object does not
   * start, and every event fails with the error until the next try.
   *
   * @example
   * async activate(ctx) {
   *   const last = await ctx.storage.list({ reverse: true, limit: 1 });
   *   ctx.memory.count = last.size === 0 ? 0 : parseInt([...last.keys()][0]!);
   * },
   */
  activate?: (ctx: ObjectContext<S, E, Mem, Ev, K>) => void | Promise<void>;
  /**
   * Callable over native RPC: `durableObjects.counter.get("x").increment(2)`. Each method takes
   * `ctx`, then parameters with types; callers see those types.
   */
  // M is what is inferred. Record<K, unknown> lets TypeScript read the method names before it
  // types any `ctx` (they are what ctx.schedule accepts). MethodContexts types each `ctx`: kept
  // out of M's constraint, because TypeScript resolves a type parameter's constraint against
  // partial inferences once any exist (the names, the events), which would lose a state still
  // being inferred from an `init(ctx)`. TypedParameters reports parameters left without a type.
  methods?: M & Record<K, unknown> & MethodContexts<M, S, E, Mem, Ev, K> & TypedParameters<M>;
  /** Answers `stub.fetch(request)` (and the `/objects/<object>/<name>/...` routes). */
  fetch?: (request: Request, ctx: ObjectContext<S, E, Mem, Ev, K>) => Response | Promise<Response>;
  webSocketMessage?: (ws: WebSocket, message: WebSocketMessage, ctx: ObjectContext<S, E, Mem, Ev, K>) => void | Promise<void>;
  webSocketClose?: (
    ws: WebSocket,
    code: number,
    reason: string,
    wasClean: boolean,
    ctx: ObjectContext<S, E, Mem, Ev, K>,
  ) => void | Promise<void>;
  webSocketError?: (ws: WebSocket, error: unknown, ctx: ObjectContext<S, E, Mem, Ev, K>) => void | Promise<void>;
  /** Runs when the alarm set with `ctx.setAlarm` fires. */
  alarm?: (ctx: ObjectContext<S, E, Mem, Ev, K>, info: AlarmInvocationInfo | undefined) => void | Promise<void>;
  /** `"sqlite"` (default) or `"kv"`. Fixed for the life of the class. */
  storage?: StorageKind;
  /**
   * Schema migrations for `ctx.sql` (SQLite storage only), run in order, once per object, in one
   * transaction, when the object activates. Only ever append: a migration that ran must not change.
   *
   * @example
   * sql: { migrations: ["CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)", "ALTER TABLE notes ADD at INTEGER"] }
   */
  sql?: { migrations: readonly string[] };
  /**
   * Checks every new state (from `init` and `setState`): throw, or return `false`, to refuse it.
   * A refused `setState` throws to its caller and keeps the last good state, in memory and storage.
   *
   * @example
   * validateState: (s) => s.balance >= 0,
   */
  // NoInfer: the state type comes from `init`; validateState is checked against it.
  validateState?: (state: NoInfer<S>) => unknown;
  /** The class this object was called before; the build emits a rename migration. */
  renamedFrom?: string;
  /**
   * The binding name (`env.ROOMS`), when not the file's (`chat-room.ts` → `CHAT_ROOM`). A binding
   * the app's wrangler config already declares for this class is adopted without it. Read by the
   * build: write it as a string literal.
   *
   * @example
   * binding: "ROOMS",
   */
  binding?: string;
}

declare const definitionBrand: unique symbol;

/** What `defineDurableObject` returns; the build turns it into a Durable Object class. */
export type DurableObjectDefinition<
  S = unknown,
  E = DefaultEnv,
  M = AnyMethods,
  C = unknown,
  P = unknown,
  Sch = unknown,
  Msgs = unknown,
  Ev = unknown,
  K extends string = never,
  Mem = unknown,
> = DurableObjectOptions<S, E, M, C, P, Sch, Msgs, Ev, K, Mem> & {
  readonly [definitionBrand]: { state: S; env: E; methods: M; realtime: RealtimeTypes<C, P, Sch, Msgs, Ev> };
};

/**
 * The methods of a definition, as its own types have them: none when it has no `methods`, and
 * none when TypeScript could not see them (`defineDurableObject<State>(...)`: M is then the bare
 * constraint, and the names come from the build; see `WithMethodNames`).
 */
export type MethodsOf<D> = D extends { readonly [definitionBrand]: { methods: infer M } }
  ? string extends keyof M
    ? Record<never, never>
    : M
  : never;

/** Whether TypeScript saw the definition's methods (false for `defineDurableObject<State>(...)`). */
export type HasTypedMethods<D> = D extends { readonly [definitionBrand]: { methods: infer M } } ? (string extends keyof M ? false : true) : false;

/** The realtime types of a definition (what `@dorm/client` is typed from). */
export type RealtimeOf<D> = D extends { readonly [definitionBrand]: { realtime: infer R extends RealtimeTypes } } ? R : never;
