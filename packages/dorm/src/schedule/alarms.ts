import { DormError } from "../errors.js";
import type { Feature } from "../object/features.js";
import { Scheduler, type SchedulerHost } from "./scheduler.js";
import { checkAlarmTime } from "./timing.js";

/**
 * What `ctx`'s alarm and schedule members reach, and what the platform alarm runs: the scheduler
 * for a SQLite-backed object, the platform alarm alone for a KV-backed one.
 */
export interface Alarms {
  /** The scheduler, or null when the object keeps no schedules (KV storage). */
  readonly scheduler: Scheduler | null;
  /** The scheduler, for the schedule calls; throws DORM_NO_SQL when there is none. */
  schedules(where: string): Scheduler;
  setAlarm(at: number | Date): Promise<void>;
  getAlarm(): Promise<number | null> | number | null;
  deleteAlarm(): Promise<void>;
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

  schedules(where: string): never {
    throw new DormError(
      "DORM_NO_SQL",
      `${where} is not available in ${this.host.label()}: schedules are kept in SQLite, and it is declared with storage: "kv". Use ctx.setAlarm, or an object with SQLite storage (the default).`,
    );
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
