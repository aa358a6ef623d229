import { DormError } from "../errors.js";
import { handledError } from "../object/handled-errors.js";
import { MAX_SQL_VALUE_BYTES } from "../limits.js";
import { ALARM_ID, type Row, ScheduleTable, taskOf } from "./table.js";
import {
  backoff,
  checkRetryOptions,
  DEFAULT_BACKOFF_MS,
  DEFAULT_RETRIES,
  DEFAULT_TIMEZONE,
  dueOf,
  firstInterval,
  nextInterval,
} from "./timing.js";
import type { NextCron } from "./cron.js";
import { alarmTime, type Alarms } from "./alarms.js";
import type { ScheduledTask, ScheduleOptions, When } from "./types.js";

type Callback = (ctx: never, payload: unknown, task: ScheduledTask) => unknown;
type AlarmHandler = (ctx: never, info: AlarmInvocationInfo | undefined) => unknown;

export interface SchedulerHost {
  readonly storage: DurableObjectStorage;
  readonly methods: Readonly<Record<string, Callback>>;
  readonly alarm: AlarmHandler | undefined;
  /** The `ctx` callbacks receive. */
  readonly ctx: unknown;
  /** `counter "x"`, for log lines and errors. */
  label(): string;
  /** Called before anything is scheduled: a cold wake-up by the alarm must know the name. */
  willSchedule(): void;
  /** The cron parser, when the build bundled it (the `cron` feature). */
  readonly cron: NextCron | undefined;
}

/** A cron string, and no parser in this build: say what to enable. */
function noCron(expression: string, where: string): DormError {
  return new DormError(
    "DORM_NO_CRON",
    `${where}: a string is read as a cron expression (${JSON.stringify(expression)}), and this build has no cron parser. dorm bundles one (croner) only when it finds a cron string in the app's code, such as ctx.schedule("0 9 * * 1", "report"). Write the expression as a string literal in app/, or add features: ["cron"] to dorm.config.ts, and rebuild.`,
  );
}

/** Occurrences one alarm invocation runs before yielding (re-arming for now) to other events. */
const MAX_RUNS_PER_ALARM = 500;
const BATCH = 50;

function jsonPayload(payload: unknown, where: string): string | null {
  if (payload === undefined) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(payload);
  } catch (error) {
    throw new DormError("DORM_BAD_PAYLOAD", `${where}: the payload must be JSON-serializable: ${(error as Error).message}`);
  }
  if (text === undefined) {
    throw new DormError("DORM_BAD_PAYLOAD", `${where}: the payload must be JSON-serializable, got ${typeof payload}.`);
  }
  // Stored as one SQL text value; UTF-8 is at most 3 bytes per UTF-16 unit, so short ones skip the encode.
  if (text.length * 3 > MAX_SQL_VALUE_BYTES && new TextEncoder().encode(text).byteLength > MAX_SQL_VALUE_BYTES) {
    throw new DormError(
      "DORM_PAYLOAD_TOO_LARGE",
      `${where}: the payload is over ${MAX_SQL_VALUE_BYTES} bytes as JSON (the limit of one SQLite value); store the data with ctx.sql or ctx.storage and schedule its key.`,
    );
  }
  return text;
}

/** Same schedule, ignoring when it is due and how often it failed. */
function sameDefinition(a: Row, b: Row): boolean {
  return (
    a.kind === b.kind &&
    a.method === b.method &&
    a.payload === b.payload &&
    a.interval_ms === b.interval_ms &&
    a.cron === b.cron &&
    a.timezone === b.timezone &&
    a.retries === b.retries &&
    a.backoff_ms === b.backoff_ms &&
    (a.kind !== "once" || a.due === b.due)
  );
}

/**
 * Many schedules over the one platform alarm. Schedules live in a SQLite table; the platform
 * alarm is always set to the earliest due row. Delivery is at least once: before a callback
 * runs, its row is moved to its retry time, so a crash mid-callback retries it.
 */
export class Scheduler implements Alarms {
  readonly #host: SchedulerHost;
  #table: ScheduleTable;
  /** The platform alarm as last set by this instance; undefined when unknown. */
  #armed: number | null | undefined;

  constructor(host: SchedulerHost) {
    this.#host = host;
    this.#table = new ScheduleTable(() => host.storage.sql);
  }

  async schedule(when: When, method: string, payload: unknown, options: ScheduleOptions = {}): Promise<ScheduledTask> {
    const where = "ctx.schedule";
    const now = Date.now();
    if (typeof when === "string") {
      const timezone = options.timezone ?? DEFAULT_TIMEZONE;
      const due = this.#nextCron(when, timezone, now, where);
      return this.#put(where, method, payload, options, { kind: "cron", due, cron: when, timezone, interval_ms: null }, `cron:${timezone}:${when}`);
    }
    if (options.timezone !== undefined) {
      throw new DormError("DORM_BAD_SCHEDULE", `${where}: "timezone" applies to cron expressions only.`);
    }
    const due = dueOf(when, now, where);
    return this.#put(where, method, payload, options, { kind: "once", due, cron: null, timezone: null, interval_ms: null }, null);
  }

  async scheduleEvery(intervalMs: number, method: string, payload: unknown, options: ScheduleOptions = {}): Promise<ScheduledTask> {
    const where = "ctx.scheduleEvery";
    const now = Date.now();
    const due = firstInterval(intervalMs, now, where);
    const interval = due - now;
    const fields = { kind: "every" as const, due, cron: null, timezone: null, interval_ms: interval };
    return this.#put(where, method, payload, options, fields, `every:${interval}`);
  }

  async cancelSchedule(id: string): Promise<boolean> {
    if (id === ALARM_ID) {
      throw new DormError("DORM_RESERVED_SCHEDULE", `ctx.cancelSchedule: "${ALARM_ID}" is the object's own alarm, not a schedule; use ctx.deleteAlarm().`);
    }
    if (typeof id !== "string") return false;
    const deleted = this.#table.delete(id);
    if (deleted) await this.#arm();
    return deleted;
  }

  listSchedules(): ScheduledTask[] {
    return this.#table.list().map(taskOf);
  }

  /**
   * `storage.deleteAll()` removed the table with everything else: start over with a new one, and
   * forget the alarm this instance set (the caller deletes the platform's). A run in progress
   * finds nothing more to do.
   */
  storageWiped(): void {
    this.#table = new ScheduleTable(() => this.#host.storage.sql);
    this.#armed = undefined;
  }

  /** This scheduler serves the schedule calls too (see Alarms). */
  get scheduler(): Scheduler {
    return this;
  }

  async setAlarm(at: number | Date): Promise<void> {
    const due = alarmTime(at);
    this.#host.willSchedule();
    this.#table.upsert({
      id: ALARM_ID, kind: "alarm", method: "", payload: null, due, interval_ms: null, cron: null, timezone: null,
      attempts: 0, retries: DEFAULT_RETRIES, backoff_ms: DEFAULT_BACKOFF_MS,
    });
    await this.#arm();
  }

  async getAlarm(): Promise<number | null> {
    return this.#table.get(ALARM_ID)?.due ?? null;
  }

  async deleteAlarm(): Promise<void> {
    if (this.#table.delete(ALARM_ID)) await this.#arm();
  }

  /** The platform alarm fired: run everything due, then set the alarm to what is next. */
  async run(info: AlarmInvocationInfo | undefined): Promise<void> {
    if (!this.#table.exists()) {
      // Set before the object ever scheduled anything (an older build): the handler's own.
      await this.#host.alarm?.(this.#host.ctx as never, info);
      return;
    }
    this.#armed = undefined;
    let budget = MAX_RUNS_PER_ALARM;
    while (budget > 0) {
      const rows = this.#table.due(Date.now(), Math.min(BATCH, budget));
      if (rows.length === 0) break;
      for (const row of rows) {
        budget--;
        // A callback earlier in the batch may have cancelled or moved this one.
        const current = this.#table.get(row.id);
        if (current && current.due <= Date.now()) await this.#fire(current);
      }
    }
    await this.#arm();
  }

  /**
   * Run every pending schedule and the object's own alarm once, now, earliest first, whatever
   * their due time: one-shots are done, repeating ones move on to the slot after this one, and a
   * callback that throws stays scheduled for its retry. `null` when the object never scheduled
   * anything. Only test builds call it (`@dorm/testing`'s `runAlarms()`).
   */
  async runPending(): Promise<{ ran: number; failed: number } | null> {
    if (!this.#table.exists()) return null;
    this.#armed = undefined;
    const pending = this.#table.due(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    let ran = 0;
    let failed = 0;
    for (const row of pending) {
      // A callback earlier in the list may have cancelled or moved this one.
      const current = this.#table.get(row.id);
      if (!current || current.due !== row.due) continue;
      ran++;
      if (!(await this.#fire(current, current.due))) failed++;
    }
    await this.#arm();
    return { ran, failed };
  }

  /**
   * Run one schedule (or, with ALARM_ID, the object's alarm) now, as if it were due: the
   * inspector's "run now". A one-shot (and the alarm) is then done, a repeating one moves on to
   * its next slot. null when there is no such schedule;
   * otherwise whether its callback succeeded (a failed one stays scheduled for its retry).
   */
  async runNow(id: string): Promise<boolean | null> {
    const row = this.#table.exists() ? this.#table.get(id) : undefined;
    if (!row) return null;
    this.#armed = undefined;
    const ok = await this.#fire(row, row.due);
    await this.#arm();
    return ok;
  }

  async #put(
    where: string,
    method: string,
    payload: unknown,
    options: ScheduleOptions,
    fields: Pick<Row, "kind" | "due" | "cron" | "timezone" | "interval_ms">,
    repeatKey: string | null,
  ): Promise<ScheduledTask> {
    this.#checkMethod(method, where);
    const retries = options.retries ?? DEFAULT_RETRIES;
    const backoffMs = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    checkRetryOptions(retries, backoffMs, where);
    const json = jsonPayload(payload, where);
    if (options.key !== undefined && (typeof options.key !== "string" || options.key === "")) {
      throw new DormError("DORM_BAD_SCHEDULE", `${where}: "key" must be a non-empty string.`);
    }
    if (options.key === ALARM_ID) {
      throw new DormError("DORM_RESERVED_SCHEDULE", `${where}: the key "${ALARM_ID}" belongs to the object's own alarm (ctx.setAlarm); pick another key.`);
    }
    const id = options.key ?? (repeatKey ? `${repeatKey}:${method}:${json ?? ""}` : crypto.randomUUID());
    const row: Row = { id, method, payload: json, attempts: 0, retries, backoff_ms: backoffMs, ...fields };
    const existing = this.#table.get(id);
    if (existing && sameDefinition(existing, row)) return taskOf(existing);
    this.#host.willSchedule();
    this.#table.upsert(row);
    await this.#arm();
    return taskOf(row);
  }

  #checkMethod(method: string, where: string): void {
    if (typeof method !== "string" || !Object.hasOwn(this.#host.methods, method)) {
      const known = Object.keys(this.#host.methods).join(", ") || "none";
      throw new DormError(
        "DORM_UNKNOWN_METHOD",
        `${where}: ${this.#host.label()} has no method ${JSON.stringify(method)} to call (methods: ${known}). Scheduled callbacks are methods of methods: { ... }.`,
      );
    }
  }

  /**
   * Run one occurrence; false when its callback threw. `asOf` is the time it runs as (its due
   * time when run early), so a repeating schedule moves on to the slot after this one.
   */
  async #fire(row: Row, asOf = 0): Promise<boolean> {
    const attempts = row.attempts + 1;
    // The lease: if the callback throws, or the process dies during it, this is the retry.
    const leaseDue = Date.now() + backoff(attempts, row.backoff_ms);
    this.#table.reschedule(row.id, leaseDue, attempts);
    const lease = { ...row, due: leaseDue, attempts };
    try {
      // Scheduled by a build that had the parser: without it, the next run cannot be computed.
      if (row.kind === "cron" && !this.#host.cron) throw noCron(row.cron!, `schedule "${row.id}"`);
      if (row.kind === "alarm") {
        await this.#host.alarm?.(this.#host.ctx as never, { scheduledTime: row.due, retryCount: row.attempts, isRetry: row.attempts > 0 });
      } else {
        const callback = this.#host.methods[row.method];
        if (!callback) {
          console.error(`[dorm] ${this.#host.label()}: schedule "${row.id}" calls method "${row.method}", which no longer exists; dropped (payload: ${row.payload ?? "none"}).`);
          this.#table.delete(row.id);
          return true;
        }
        await callback(this.#host.ctx as never, taskOf(row).payload, taskOf(row));
      }
    } catch (error) {
      handledError(this.#host.ctx as object, row.kind === "alarm" ? "alarm" : `schedule ${row.method}`, error);
      if (attempts > row.retries) {
        const what = row.kind === "alarm" ? "the alarm handler" : `schedule "${row.id}" (method "${row.method}")`;
        console.error(`[dorm] ${this.#host.label()}: ${what} failed ${attempts} times; dropped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        this.#settle(row, lease, Math.max(Date.now(), asOf));
      }
      return false;
    }
    this.#settle(row, lease, Math.max(Date.now(), asOf));
    return true;
  }

  /** Done with this occurrence: delete a one-shot, move a repeating one to its next slot. */
  #settle(row: Row, lease: Row, now: number): void {
    const current = this.#table.get(lease.id);
    // Rescheduled by its own callback (same key) or cancelled: that newer intent stands.
    if (!current || current.due !== lease.due || current.attempts !== lease.attempts) return;
    if (row.kind === "every") {
      this.#table.reschedule(lease.id, nextInterval(row.due, row.interval_ms!, now), 0);
    } else if (row.kind === "cron" && this.#host.cron) {
      this.#table.reschedule(lease.id, this.#nextCron(row.cron!, row.timezone ?? DEFAULT_TIMEZONE, now, "schedule"), 0);
    } else {
      this.#table.delete(lease.id);
    }
  }

  #nextCron(expression: string, timezone: string, after: number, where: string): number {
    if (!this.#host.cron) throw noCron(expression, where);
    return this.#host.cron(expression, timezone, after, where);
  }

  async #arm(): Promise<void> {
    const next = this.#table.earliest();
    if (next === this.#armed) return;
    this.#armed = next;
    if (next === null) await this.#host.storage.deleteAlarm();
    else await this.#host.storage.setAlarm(next);
  }
}
