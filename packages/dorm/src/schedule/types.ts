/** When a schedule fires: a `Date`, a delay in milliseconds from now, or a cron expression. */
export type When = Date | number | string;

/** How a schedule repeats. `alarm` is the row behind `ctx.setAlarm`; it is never listed. */
export type ScheduleKind = "once" | "every" | "cron";

export interface ScheduleOptions {
  /**
   * Idempotency key, used as the schedule's id. Scheduling again with the same key keeps one
   * schedule: unchanged when the call is the same, replaced when it differs.
   * Defaults: a random id for one-shot schedules; method, interval or cron, and payload for
   * repeating ones, so `scheduleEvery(60_000, "tick")` called on every request keeps one interval.
   */
  key?: string;
  /** Retries after a failed callback before the occurrence is dropped (default 3). */
  retries?: number;
  /** Delay before the first retry; doubled for each further one, capped at 5 minutes (default 1000). */
  backoffMs?: number;
  /** IANA time zone a cron expression is read in (default `"UTC"`). */
  timezone?: string;
}

/** One pending schedule, as `ctx.listSchedules()` returns it and callbacks receive it. */
export interface ScheduledTask<P = unknown> {
  readonly id: string;
  readonly kind: ScheduleKind;
  /** The method of `methods` that runs: `methods[method](ctx, payload, task)`. */
  readonly method: string;
  readonly payload: P;
  /** When it fires next (epoch milliseconds). */
  readonly due: number;
  /** For `scheduleEvery`. */
  readonly intervalMs?: number;
  /** For cron schedules. */
  readonly cron?: string;
  readonly timezone?: string;
  /** Failed attempts of the current occurrence (0 on a first try). */
  readonly attempts: number;
  readonly retries: number;
  readonly backoffMs: number;
}
