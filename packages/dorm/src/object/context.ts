import type { PresenceEntry } from "../realtime/protocol.js";
import type { Realtime } from "../realtime/realtime.js";
import type { Connection, SendOptions } from "../realtime/types.js";
import type { DormSql } from "../state/sql.js";
import type { DormStorage } from "../state/storage.js";
import type { Alarms } from "../schedule/alarms.js";
import type { ScheduledTask, ScheduleOptions, When } from "../schedule/types.js";
import { NAME_KEY, STATE_KEY } from "../state/keys.js";
import type { StorageKind } from "../state/types.js";
import type { Immutable } from "../state/values.js";
import { notBuilt, type AnyOptions, type ObjectPlan, type Parts } from "./features.js";
import type { ObjectContext } from "./types.js";

export type { AnyOptions, ObjectInfo } from "./features.js";


/** How the runtime reaches an instance's alarms and scheduler; not part of `ctx`'s public surface. */
export const ALARMS: unique symbol = /* @__PURE__ */ Symbol("dorm.alarms");
/** Where ObjectHost finds the object's realtime connections; a symbol, so handlers never see it. */
export const REALTIME: unique symbol = /* @__PURE__ */ Symbol("dorm.realtime");

/**
 * The `ctx` handed to every handler of one object instance. Created once per instance by the
 * generated class; loads the persisted state before the first event is delivered.
 *
 * The core here is what every object has (name, state as loaded, sockets, alarms, lifecycle).
 * Everything else comes from the parts of the object's plan (object/features.ts): the members
 * that need a part the build left out throw DORM_NOT_BUILT.
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
    return (this.#storage ??= this.#part("storage", "ctx.storage")(this.raw.storage, this.#kind, () => this.#reload()));
  }

  get sql(): DormSql {
    return (this.#sql ??= this.#part("sql", "ctx.sql")(this.raw, this.#kind));
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
    this.#part("sockets", "ctx.acceptWebSocket")(this.raw, ws, tags);
    this.#rememberName();
  }

  getWebSockets(tag?: string): WebSocket[] {
    return this.raw.getWebSockets(tag);
  }

  /** The object's WebSocket connections (objects with `connect` or `messages`); made on first use. */
  get [REALTIME](): Realtime | undefined {
    return (this.#realtime ??= this.#parts.realtime?.(this.raw, this as ObjectContext<unknown, unknown>));
  }

  // An object without connections has none to send to: the same answers as one whose clients left.

  broadcast(type: string, payload?: unknown, options?: SendOptions): number {
    return this[REALTIME]?.broadcast(type, payload, options) ?? 0;
  }

  publish(topic: string, type: string, payload?: unknown, options?: SendOptions): number {
    return this[REALTIME]?.publish(topic, type, payload, options) ?? 0;
  }

  broadcastRaw(data: string | ArrayBuffer | ArrayBufferView, options?: SendOptions): number {
    return this[REALTIME]?.broadcastRaw(data, options) ?? 0;
  }

  publishRaw(topic: string, data: string | ArrayBuffer | ArrayBufferView, options?: SendOptions): number {
    return this[REALTIME]?.publishRaw(topic, data, options) ?? 0;
  }

  connections(topic?: string): Connection[] {
    return this[REALTIME]?.connections(topic) ?? [];
  }

  connection(id: string): Connection | undefined {
    return this[REALTIME]?.connection(id);
  }

  presence(): PresenceEntry[] {
    return this[REALTIME]?.presence() ?? [];
  }

  // The alarm and schedule members are the scheduler's (schedule/alarms.ts), each of the same name.

  setAlarm(at: number | Date): Promise<void> {
    return this.#alarmsFor("ctx.setAlarm").setAlarm(at);
  }

  async getAlarm(): Promise<number | null> {
    return this.#alarmsFor("ctx.getAlarm").getAlarm();
  }

  deleteAlarm(): Promise<void> {
    return this.#alarmsFor("ctx.deleteAlarm").deleteAlarm();
  }

  schedule<P>(when: When, method: string, payload?: unknown, options?: ScheduleOptions): Promise<ScheduledTask<P>> {
    return this.#alarmsFor("ctx.schedule").schedule(when, method, payload, options) as Promise<ScheduledTask<P>>;
  }

  scheduleEvery<P>(intervalMs: number, method: string, payload?: unknown, options?: ScheduleOptions): Promise<ScheduledTask<P>> {
    return this.#alarmsFor("ctx.scheduleEvery").scheduleEvery(intervalMs, method, payload, options) as Promise<ScheduledTask<P>>;
  }

  cancelSchedule(id: string): Promise<boolean> {
    return this.#alarmsFor("ctx.cancelSchedule").cancelSchedule(id);
  }

  listSchedules(): ScheduledTask[] {
    return this.#alarmsFor("ctx.listSchedules").listSchedules();
  }

  #alarmsFor(where: string): Alarms {
    if (this.#alarms) return this.#alarms;
    throw notBuilt(where, "scheduler", this.#object);
  }

  get [ALARMS](): Alarms | null {
    return this.#alarms;
  }

  /** The part that serves `where`, or the error saying the build left its feature out. */
  #part<K extends "storage" | "sql" | "sockets" | "state">(feature: K, where: string): NonNullable<Parts[K]> {
    const part = this.#parts[feature];
    if (!part) throw notBuilt(where, feature, this.#object);
    return part as NonNullable<Parts[K]>;
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
    this.#part("state", where)(value, where, this.#label);
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
