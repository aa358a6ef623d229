import type { DormStorage } from "../state/storage.js";
import type { DormSql } from "../state/sql.js";
import type { StorageKind } from "../state/types.js";
import type { RealtimeContext, RealtimeOptions, RealtimeTypes } from "../realtime/types.js";
import type { ScheduledTask, ScheduleOptions, When } from "../schedule/types.js";

/** The environment of the worker: `Cloudflare.Env`, which `.dorm/env.d.ts` extends. */
export type DefaultEnv = Cloudflare.Env;

/**
 * What `init` receives: everything of `ctx` except the state, which does not exist yet.
 * (Keeping `state` out also lets TypeScript infer the state's type from what `init` returns.)
 */
export interface InitContext<E = DefaultEnv> {
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
   * SQLite-backed objects only.
   *
   * @example
   * await ctx.schedule(30_000, "expire", { lease: 7 });
   * await ctx.schedule("0 9 * * 1", "weeklyReport", undefined, { timezone: "Europe/Paris" });
   */
  schedule<P = unknown>(when: When, method: string, payload?: P, options?: ScheduleOptions): Promise<ScheduledTask<P>>;
  /**
   * Call `methods[method]` every `intervalMs`. Idempotent: the same method, interval and payload
   * keep one interval however often this runs (or pass `options.key`).
   *
   * @example
   * await ctx.scheduleEvery(60_000, "flush");
   */
  scheduleEvery<P = unknown>(intervalMs: number, method: string, payload?: P, options?: ScheduleOptions): Promise<ScheduledTask<P>>;
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
 * What every handler of an object receives as `ctx`.
 *
 * `state` is persisted: `setState` writes it to storage, and the next activation of the object
 * (after eviction, restart or deploy) reads it back before any handler runs.
 */
export interface ObjectContext<S = unknown, E = DefaultEnv, Mem = unknown> extends InitContext<E>, RealtimeContext {
  /** The object's persisted state: what `init` returned, then whatever `setState` set. */
  readonly state: S;
  /**
   * This instance's memory: what the definition's `memory()` built when the instance started
   * (`undefined` without one). Never persisted; gone when the object is evicted or hibernates,
   * and built anew (then `activate` runs) on the next wake. Mutate it freely.
   */
  readonly memory: Mem;
  /**
   * Replace the state (or derive it from the previous one) and persist it. Throws, keeping the
   * last good state, when `validateState` refuses the new one or it is over the storage limit.
   */
  setState(next: S | ((prev: S) => S)): Promise<void>;
}

// `any[]` is deliberate: a method's own parameter list is inferred from the definition, and a
// narrower constraint here would reject methods with required parameters.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ObjectMethod<S, E, Mem = unknown> = (ctx: ObjectContext<S, E, Mem>, ...args: any[]) => unknown;
export type ObjectMethods<S, E, Mem = unknown> = Record<string, ObjectMethod<S, E, Mem>>;
/** Methods whatever the memory they use (a method's `ctx` takes any memory type where `never` is expected). */
export type AnyMemoryMethods<S, E> = ObjectMethods<S, E, never>;

export type WebSocketMessage = string | ArrayBuffer;

/**
 * What `defineDurableObject` takes. Every member is optional. C, P, Sch, Msgs and Ev are the
 * realtime types (connection data, presence, message schemas, message entries, events), all
 * inferred; see `RealtimeOptions`. Mem is the instance memory's type, inferred from `memory`.
 */
export interface DurableObjectOptions<
  S,
  E,
  // Memory-agnostic here, because Mem comes last; defineDurableObject's own M is typed with Mem.
  M extends AnyMemoryMethods<S, E>,
  C = unknown,
  P = unknown,
  Sch = unknown,
  Msgs = unknown,
  Ev = unknown,
  Mem = unknown,
> extends RealtimeOptions<S, E, C, P, Sch, Msgs, Ev, Mem> {
  /** Builds the first state; runs once per object, when nothing is stored yet. */
  init?: (ctx: InitContext<E>) => S | Promise<S>;
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
  activate?: (ctx: ObjectContext<S, E, Mem>) => void | Promise<void>;
  /** Callable over native RPC: `durableObjects.counter.get("x").increment(2)`. */
  methods?: M;
  /** Answers `stub.fetch(request)` (and the `/objects/<object>/<name>/...` routes). */
  fetch?: (request: Request, ctx: ObjectContext<S, E, Mem>) => Response | Promise<Response>;
  webSocketMessage?: (ws: WebSocket, message: WebSocketMessage, ctx: ObjectContext<S, E, Mem>) => void | Promise<void>;
  webSocketClose?: (
    ws: WebSocket,
    code: number,
    reason: string,
    wasClean: boolean,
    ctx: ObjectContext<S, E, Mem>,
  ) => void | Promise<void>;
  webSocketError?: (ws: WebSocket, error: unknown, ctx: ObjectContext<S, E, Mem>) => void | Promise<void>;
  /** Runs when the alarm set with `ctx.setAlarm` fires. */
  alarm?: (ctx: ObjectContext<S, E, Mem>, info: AlarmInvocationInfo | undefined) => void | Promise<void>;
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
  M extends AnyMemoryMethods<S, E> = ObjectMethods<S, E>,
  C = unknown,
  P = unknown,
  Sch = unknown,
  Msgs = unknown,
  Ev = unknown,
  Mem = unknown,
> = DurableObjectOptions<S, E, M, C, P, Sch, Msgs, Ev, Mem> & {
  readonly [definitionBrand]: { state: S; env: E; methods: M; realtime: RealtimeTypes<C, P, Sch, Msgs, Ev> };
};

/** The methods of a definition (none when it has no `methods`: M is then the bare constraint). */
export type MethodsOf<D> = D extends { readonly [definitionBrand]: { methods: infer M } }
  ? string extends keyof M
    ? Record<never, never>
    : M
  : never;

/** The realtime types of a definition (what `@dorm/client` is typed from). */
export type RealtimeOf<D> = D extends { readonly [definitionBrand]: { realtime: infer R extends RealtimeTypes } } ? R : never;
