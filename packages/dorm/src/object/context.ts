import type { Realtime } from "../realtime/realtime.js";
import type { DormSql } from "../state/sql.js";
import type { DormStorage } from "../state/storage.js";
import type { Alarms } from "../schedule/alarms.js";
import { NAME_KEY, STATE_KEY } from "../state/keys.js";
import type { StorageKind } from "../state/types.js";
import type { Immutable } from "../state/values.js";
import type { ConnectionMember, SchedulerMember } from "./feature-names.js";
import type { AnyOptions, ObjectPlan, Parts } from "./features.js";
import type { ObjectContext } from "./types.js";

export type { AnyOptions, ObjectInfo } from "./features.js";


/** How the runtime reaches an instance's alarms and scheduler; not part of `ctx`'s public surface. */
export const ALARMS: unique symbol = /* @__PURE__ */ Symbol("dorm.alarms");
/** Where ObjectHost finds the object's realtime connections; a symbol, so handlers never see it. */
export const REALTIME: unique symbol = /* @__PURE__ */ Symbol("dorm.realtime");

/**
 * The members a feature gives `ctx` (the scheduler's, the connection answers): they are on the
 * prototype only when the build bundled the feature (`addMembers`, called by the generated entry).
 */
export interface Context<S, E> extends Pick<ObjectContext<S, E>, SchedulerMember | ConnectionMember> {}

/**
 * The `ctx` handed to every handler of one object instance. Created once per instance by the
 * generated class; loads the persisted state before the first event is delivered.
 *
 * The core here is what every object has (name, state as loaded, sockets, lifecycle).
 * Everything else comes from the parts of the object's plan (object/features.ts) and from the
 * members of the features the build bundled (`addMembers`). A part the build left out is not
 * there: in a production bundle, the member that needs it fails as JavaScript does; dev and test
 * builds give it a part that throws DORM_NOT_BUILT instead (object/left-out.ts).
 */
export class Context<S, E> implements ObjectContext<S, E> {
  readonly raw: DurableObjectState;
  readonly env: E;
  readonly #def: AnyOptions;
  readonly #parts: Parts;
  #state: S = undefined as S;
  #memory: unknown = undefined;
  #name: string;
  #nameStored = false;
  readonly #alarms: Alarms | null;
  readonly #object: string;
  readonly #kind: StorageKind;
  #storage: DormStorage | undefined;
  #sql: DormSql | undefined;
  #realtime: Realtime | undefined;

  constructor(plan: ObjectPlan, raw: DurableObjectState, env: E) {
    const { def, info, parts } = plan;
    parts.checkBuild?.();
    this.#def = def;
    this.#parts = parts;
    this.raw = raw;
    this.env = env;
    this.#name = raw.id.name ?? "";
    this.#kind = def.storage === "kv" ? "kv" : "sqlite";
    this.#object = info.object;
    this.#alarms =
      parts.scheduler?.({
        storage: raw.storage,
        methods: (def.methods ?? {}) as never,
        alarm: def.alarm as never,
        ctx: this,
        label: this.#label,
        willSchedule: () => this.#rememberName(),
        cron: parts.cron,
      }) ?? null;
    // Runs before any event reaches the object, and only once even under concurrent first calls.
    void raw.blockConcurrencyWhile(() => this.#start());
  }

  get id(): DurableObjectId {
    return this.raw.id;
  }

  get name(): string {
    return this.#name;
  }

  get state(): Immutable<S> {
    return this.#state as Immutable<S>;
  }

  get memory(): unknown {
    return this.#memory;
  }

  get storage(): DormStorage {
    return (this.#storage ??= this.#parts.storage!(this.raw.storage, this.#kind, () => this.#reload()));
  }

  get sql(): DormSql {
    return (this.#sql ??= this.#parts.sql!(this.raw, this.#kind));
  }

  // The checks on `next` are types (ObjectContext.setState); here it is whatever the caller gave.
  setState(next: unknown): Promise<void> {
    const value = typeof next === "function" ? (next as (prev: S) => S)(this.#state) : (next as S);
    // Thrown synchronously, so that a caller who does not await still gets the error.
    this.#checkState(value, "ctx.setState");
    this.#state = value;
    // Output gates hold the response until this write is durable, so callers need not await.
    return this.raw.storage.put(STATE_KEY, value);
  }

  acceptWebSocket(ws: WebSocket, tags: string[] = []): void {
    this.#parts.sockets!(this.raw, ws, tags);
    this.#rememberName();
  }

  getWebSockets(tag?: string): WebSocket[] {
    return this.raw.getWebSockets(tag);
  }

  /** The object's WebSocket connections (objects with `connect` or `messages`); made on first use. */
  get [REALTIME](): Realtime | undefined {
    return (this.#realtime ??= this.#parts.realtime?.(this.raw, this as ObjectContext<unknown, unknown>));
  }

  get [ALARMS](): Alarms | null {
    return this.#alarms;
  }

  waitUntil(promise: Promise<unknown>): void {
    this.raw.waitUntil(promise);
  }

  blockConcurrencyWhile<T>(fn: () => Promise<T>): Promise<T> {
    return this.raw.blockConcurrencyWhile(fn);
  }

  /** `counter "x"`, for messages: passed as a function, made into text only when one is needed. */
  readonly #label = (): string => `${this.#object} "${this.#name}"`;

  /**
   * A new state must pass the definition's `validateState` and be storable (kind and size).
   * Only `init` may leave the state undefined: nothing is stored then.
   */
  #checkState(value: S, where: "init" | "ctx.setState"): void {
    // The label is made only for a message: this runs on every setState.
    this.#parts.state!(value, where, this.#label);
  }

  /**
   * Each start of the instance (a first call, or a wake after eviction or hibernation): the
   * persisted state, then the instance's memory and the definition's `activate`. A throw here
   * fails the start, so workerd fails every event with it and tries again on the next one.
   */
  async #start(): Promise<void> {
    await this.#load();
    this.#memory = this.#def.memory?.();
    await this.#def.activate?.(this as ObjectContext<unknown, unknown>);
  }

  async #load(): Promise<void> {
    // The schema comes first: init and every handler may rely on it. A failed migration throws
    // here, inside blockConcurrencyWhile, so workerd fails every call to the object with it.
    if (this.#kind === "sqlite") this.#parts.sqlMigrations?.(this.raw.storage, `${this.#object}${this.#name ? ` "${this.#name}"` : ""}`);
    const stored = await this.raw.storage.get([STATE_KEY, NAME_KEY]);
    const storedName = stored.get(NAME_KEY) as string | undefined;
    // An alarm or a hibernated WebSocket can wake the object without the name it was called by;
    // it was stored when the alarm was set or the socket accepted.
    this.#name ||= storedName ?? this.raw.id.toString();
    this.#nameStored = storedName === this.#name;
    if (stored.has(STATE_KEY)) {
      this.#state = stored.get(STATE_KEY) as S;
    } else if (this.#def.init) {
      const initial = (await this.#def.init(this as ObjectContext<unknown, unknown>)) as S;
      this.#checkState(initial, "init");
      this.#state = initial;
      if (initial !== undefined) await this.raw.storage.put(STATE_KEY, initial);
    }
  }

  /**
   * After `storage.deleteAll()`: nothing is stored, so the state starts over from `init`. The
   * schedules went with the storage (SQLite tables included), so the scheduler starts over too,
   * and the platform alarm, which only served them, is deleted. The instance itself did not
   * restart: its memory stays, and `activate` does not run again.
   */
  async #reload(): Promise<void> {
    const hadName = this.#nameStored;
    this.#state = undefined as S;
    this.#alarms?.storageWiped();
    await this.raw.storage.deleteAlarm();
    return this.raw.blockConcurrencyWhile(async () => {
      await this.#load();
      if (hadName) this.#rememberName();
    });
  }

  #rememberName(): void {
    if (this.#nameStored) return;
    this.#nameStored = true;
    void this.raw.storage.put(NAME_KEY, this.#name);
  }
}

/**
 * Gives every `ctx` the members of a bundled feature (schedule/members.ts, realtime/members.ts).
 * Called by the generated entry when the worker loads, before any instance exists; a production
 * bundle of an app that never schedules has no `ctx.schedule` at all (object/left-out.ts).
 */
export function addMembers(members: object): void {
  Object.defineProperties(Context.prototype, Object.getOwnPropertyDescriptors(members));
}
