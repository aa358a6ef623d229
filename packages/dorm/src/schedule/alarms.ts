import { DormError } from "../errors.js";
import { ALARMS, type Context } from "../object/context.js";
import type { Feature } from "../object/features.js";
import { SCHEDULER_MEMBERS, type SchedulerMember } from "../object/feature-names.js";
import { Scheduler, type SchedulerHost } from "./scheduler.js";
import { checkAlarmTime } from "./timing.js";
import type { ScheduledTask, ScheduleOptions, When } from "./types.js";

/**
 * What `ctx`'s alarm and schedule members call (each of the same name: `schedulerMembers`), and
 * what the platform alarm runs: the scheduler for a SQLite-backed object, the platform alarm
 * alone for a KV-backed one, whose schedule members throw DORM_NO_SQL.
 */
export interface Alarms extends Record<SchedulerMember, (...args: never[]) => unknown> {
  /** The scheduler, or null when the object keeps no schedules (KV storage). */
  readonly scheduler: Scheduler | null;
  setAlarm(at: number | Date): Promise<void>;
  getAlarm(): Promise<number | null>;
  deleteAlarm(): Promise<void>;
  schedule(when: When, method: string, payload?: unknown, options?: ScheduleOptions): Promise<ScheduledTask>;
  scheduleEvery(intervalMs: number, method: string, payload?: unknown, options?: ScheduleOptions): Promise<ScheduledTask>;
  cancelSchedule(id: string): Promise<boolean>;
  listSchedules(): ScheduledTask[];
  /** The platform alarm fired. */
  run(info: AlarmInvocationInfo | undefined): Promise<void>;
  /** `storage.deleteAll()` removed everything. */
  storageWiped(): void;
}

/** `ctx.setAlarm(at)`'s time, checked like every alarm time before anything is written. */
export const alarmTime = (at: number | Date): number => checkAlarmTime(at instanceof Date ? at.getTime() : at, "ctx.setAlarm", at);

/** A KV-backed object's alarm: the platform's, with dorm's checks and the name kept for a cold wake-up. */
class PlatformAlarm implements Alarms {
  readonly scheduler = null;
  readonly host: SchedulerHost;
  constructor(host: SchedulerHost) {
    this.host = host;
  }

  #noSql(member: SchedulerMember): never {
    throw new DormError(
      "DORM_NO_SQL",
      `ctx.${member} is not available in ${this.host.label()}: schedules are kept in SQLite, and it is declared with storage: "kv". Use ctx.setAlarm, or an object with SQLite storage (the default).`,
    );
  }

  schedule(): never {
    return this.#noSql("schedule");
  }

  scheduleEvery(): never {
    return this.#noSql("scheduleEvery");
  }

  cancelSchedule(): never {
    return this.#noSql("cancelSchedule");
  }

  listSchedules(): never {
    return this.#noSql("listSchedules");
  }

  async setAlarm(at: number | Date): Promise<void> {
    const time = alarmTime(at);
    this.host.willSchedule();
    await this.host.storage.setAlarm(time);
  }

  getAlarm(): Promise<number | null> {
    return this.host.storage.getAlarm();
  }

  deleteAlarm(): Promise<void> {
    return this.host.storage.deleteAlarm();
  }

  async run(info: AlarmInvocationInfo | undefined): Promise<void> {
    await this.host.alarm?.(this.host.ctx as never, info);
  }

  storageWiped(): void {}
}

/**
 * The `scheduler` feature: ctx.setAlarm and the schedule calls. Many schedules over the one
 * platform alarm for SQLite-backed objects; the platform alarm itself for KV-backed ones.
 */
export const schedulerFeature: Feature<"scheduler"> = (def) => (host) => (def.storage === "kv" ? new PlatformAlarm(host) : new Scheduler(host));

/**
 * `ctx`'s alarm and schedule members, which the generated entry gives every `ctx` when it bundles
 * the scheduler (object/context.ts, addMembers): each calls the instance's alarms by its name.
 */
export const schedulerMembers: object = /* @__PURE__ */ Object.fromEntries(
  SCHEDULER_MEMBERS.map((name) => [
    name,
    function (this: Context<unknown, unknown>, ...args: never[]): unknown {
      const alarms: Record<SchedulerMember, (...args: never[]) => unknown> = this[ALARMS]!;
      return alarms[name](...args);
    },
  ]),
);
