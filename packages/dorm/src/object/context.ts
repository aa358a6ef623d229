import { DormError } from "../errors.js";
import { createSql, kvOnlySql, type DormSql } from "../state/sql.js";
import { applyMigrations } from "../state/sql-migrations.js";
import { acceptWebSocket } from "./sockets.js";
import type { PresenceEntry } from "../realtime/protocol.js";
import { Realtime } from "../realtime/realtime.js";
import type { Connection, SendOptions } from "../realtime/types.js";
import { DormStorage, NAME_KEY, STATE_KEY } from "../state/storage.js";
import { checkEntrySize } from "../state/storage-limits.js";
import { Scheduler } from "../schedule/scheduler.js";
import { checkAlarmTime } from "../schedule/timing.js";
import type { ScheduledTask, ScheduleOptions, When } from "../schedule/types.js";
import type { DurableObjectOptions, ObjectContext, ObjectMethods } from "./types.js";
import type { StorageKind } from "../state/types.js";
import type { Immutable } from "../state/values.js";

/** What the generated class tells the runtime about itself. */
export interface ObjectInfo {
  /** Accessor name (`chatRoom`), used in messages. */
  readonly object: string;
  /** Method names the build found; checked against the definition once. */
  readonly methods: readonly string[];
}

export type AnyOptions = DurableObjectOptions<unknown, unknown, ObjectMethods<unknown, unknown>>;

const checked = new WeakSet<object>();

/** How the runtime reaches an instance's scheduler; not part of `ctx`'s public surface. */
export const SCHEDULER: unique symbol = Symbol("dorm.scheduler");
/** Where ObjectHost finds the object's realtime connections; a symbol, so handlers never see it. */
export const REALTIME: unique symbol = Symbol("dorm.realtime");

/** The generated class and the definition must agree; a mismatch means a stale or edited build. */
function checkDefinition(def: AnyOptions, info: ObjectInfo): void {
  if (checked.has(def)) return;
  const actual = Object.keys(def.methods ?? {}).sort();
  const expected = [...info.methods].sort();
  if (actual.join("\n") !== expected.join("\n")) {
    throw new DormError(
      "DORM_STALE_BUILD",
      `object "${info.object}": the built class has methods [${expected.join(", ")}] but the definition has [${actual.join(", ")}]; run \`dorm build\` again (methods must be written literally in defineDurableObject({ methods: { ... } })).`,
    );
  }
  checked.add(def);
}

/**
 * The `ctx` handed to every handler of one object instance. Created once per instance by the
 * generated class; loads the persisted state before the first event is delivered.
 */
export class Context<S, E> implements ObjectContext<S, E> {
  readonly raw: DurableObjectState;
  readonly env: E;
  readonly storage: DormStorage;
  readonly sql: DormSql;
  #def: AnyOptions;
  #state: S = undefined as S;
  #name: string;
  #nameStored = false;
  readonly #scheduler: Scheduler | null;
  readonly #object: string;
  readonly #kind: StorageKind;
  #realtime: Realtime | undefined;

  constructor(def: AnyOptions, raw: DurableObjectState, env: E, info: ObjectInfo) {
    checkDefinition(def, info);
    this.#def = def;
    this.raw = raw;
    this.env = env;
    this.#name = raw.id.name ?? "";
    this.#kind = def.storage === "kv" ? "kv" : "sqlite";
    this.storage = new DormStorage(raw.storage, this.#kind, () => this.#reload());
    this.sql = createSql(this.#kind === "kv" ? kvOnlySql(info.object) : () => raw.storage.sql);
    this.#object = info.object;
    this.#scheduler =
      def.storage === "kv"
        ? null
        : new Scheduler({
            storage: raw.storage,
            methods: (def.methods ?? {}) as never,
            alarm: def.alarm as never,
            ctx: this,
            label: () => `${info.object} "${this.#name}"`,
            willSchedule: () => this.#rememberName(),
          });
    // Runs before any event reaches the object, and only once even under concurrent first calls.
    void raw.blockConcurrencyWhile(() => this.#load());
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
    acceptWebSocket(this.raw, ws, tags);
    this.#rememberName();
  }

  getWebSockets(tag?: string): WebSocket[] {
    return this.raw.getWebSockets(tag);
  }

  /** The object's WebSocket connections; made on first use, so objects without any pay nothing. */
  get [REALTIME](): Realtime {
    return (this.#realtime ??= new Realtime(this.#def, this.raw, this as ObjectContext<unknown, unknown>, this.#object));
  }

  broadcast(type: string, payload?: unknown, options?: SendOptions): number {
    return this[REALTIME].broadcast(type, payload, options);
  }

  publish(topic: string, type: string, payload?: unknown, options?: SendOptions): number {
    return this[REALTIME].publish(topic, type, payload, options);
  }

  connections(topic?: string): Connection[] {
    return this[REALTIME].connections(topic);
  }

  connection(id: string): Connection | undefined {
    return this[REALTIME].connection(id);
  }

  presence(): PresenceEntry[] {
    return this[REALTIME].presence();
  }

  async setAlarm(at: number | Date): Promise<void> {
    const time = checkAlarmTime(at instanceof Date ? at.getTime() : at, "ctx.setAlarm", at);
    if (this.#scheduler) return this.#scheduler.setAlarm(time);
    this.#rememberName();
    await this.raw.storage.setAlarm(time);
  }

  async getAlarm(): Promise<number | null> {
    return this.#scheduler ? this.#scheduler.getAlarm() : this.raw.storage.getAlarm();
  }

  deleteAlarm(): Promise<void> {
    return this.#scheduler ? this.#scheduler.deleteAlarm() : this.raw.storage.deleteAlarm();
  }

  schedule<P>(when: When, method: string, payload?: unknown, options?: ScheduleOptions): Promise<ScheduledTask<P>> {
    return this.#needScheduler("ctx.schedule").schedule(when, method, payload, options) as Promise<ScheduledTask<P>>;
  }

  scheduleEvery<P>(intervalMs: number, method: string, payload?: unknown, options?: ScheduleOptions): Promise<ScheduledTask<P>> {
    return this.#needScheduler("ctx.scheduleEvery").scheduleEvery(intervalMs, method, payload, options) as Promise<ScheduledTask<P>>;
  }

  cancelSchedule(id: string): Promise<boolean> {
    return this.#needScheduler("ctx.cancelSchedule").cancel(id);
  }

  listSchedules(): ScheduledTask[] {
    return this.#needScheduler("ctx.listSchedules").list();
  }

  get [SCHEDULER](): Scheduler | null {
    return this.#scheduler;
  }

  #needScheduler(where: string): Scheduler {
    if (this.#scheduler) return this.#scheduler;
    throw new DormError(
      "DORM_NO_SQL",
      `${where} is not available in "${this.#object}": schedules are kept in SQLite, and it is declared with storage: "kv". Use ctx.setAlarm, or an object with SQLite storage (the default).`,
    );
  }

  waitUntil(promise: Promise<unknown>): void {
    this.raw.waitUntil(promise);
  }

  blockConcurrencyWhile<T>(fn: () => Promise<T>): Promise<T> {
    return this.raw.blockConcurrencyWhile(fn);
  }

  /**
   * A new state must pass the definition's `validateState` and be storable (kind and size).
   * Only `init` may leave the state undefined: nothing is stored then.
   */
  #checkState(value: S, where: "init" | "ctx.setState"): void {
    if (this.#def.validateState?.(value) === false) {
      throw new DormError(
        "DORM_INVALID_STATE",
        `${where}: validateState refused the new state of ${this.#object} "${this.#name}"; the last good state is kept.`,
      );
    }
    if (value === undefined && where === "init") return;
    checkEntrySize(this.#kind, STATE_KEY, value, where, "the state");
  }

  async #load(): Promise<void> {
    // The schema comes first: init and every handler may rely on it. A failed migration throws
    // here, inside blockConcurrencyWhile, so workerd fails every call to the object with it.
    if (this.#kind === "sqlite") {
      applyMigrations(this.raw.storage, this.#def.sql?.migrations ?? [], `${this.#object}${this.#name ? ` "${this.#name}"` : ""}`);
    }
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
   * After `storage.deleteAll()`: nothing is stored, so the object starts over from `init`. The
   * schedules went with the storage (SQLite tables included), so the scheduler starts over too,
   * and the platform alarm, which only served them, is deleted.
   */
  async #reload(): Promise<void> {
    const hadName = this.#nameStored;
    this.#state = undefined as S;
    this.#scheduler?.storageWiped();
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
