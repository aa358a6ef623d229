import { DormError } from "../errors.js";
import { MAX_ALARM_TIME } from "../limits.js";

// Pure time arithmetic of the scheduler: no storage, no clock (callers pass `now`).

const MAX_BACKOFF_MS = 5 * 60_000;

export const DEFAULT_RETRIES = 3;
export const DEFAULT_BACKOFF_MS = 1000;
export const DEFAULT_TIMEZONE = "UTC";

/**
 * The one check of a time the platform alarm will be set to, made before anything is written:
 * finite, not before 1970, before 2189 (the platform refuses later dates). Returns it in whole ms.
 */
export function checkAlarmTime(time: number, where: string, given: unknown = time, code = "DORM_BAD_ALARM"): number {
  if (typeof time !== "number" || !Number.isFinite(time)) {
    throw new DormError(code, `${where}: expected a Date or epoch milliseconds, got ${String(given)}.`);
  }
  if (time < 0 || time >= MAX_ALARM_TIME) {
    throw new DormError(
      code,
      `${where}: ${String(given)} is ${time < 0 ? "before 1970" : "in 2189 or later"} (${time} ms since the epoch); an alarm's time is between 1970 and the end of 2188. Nothing was scheduled.`,
    );
  }
  return Math.trunc(time);
}

/** The first due time of `schedule(when, ...)`: a past date or a negative delay is due now. */
export function dueOf(when: Date | number, now: number, where: string): number {
  const due = when instanceof Date ? when.getTime() : now + when;
  if (!Number.isFinite(due)) {
    throw new DormError("DORM_BAD_SCHEDULE", `${where}: "when" must be a valid Date, a delay in milliseconds, or a cron string; got ${String(when)}.`);
  }
  return checkAlarmTime(Math.max(due, now), where, when instanceof Date ? when.toISOString() : `a delay of ${when} ms`, "DORM_BAD_SCHEDULE");
}

/**
 * The next slot of an interval strictly after `now`, keeping the interval's phase. An object
 * that slept through many slots fires once, not once per missed slot.
 */
export function nextInterval(due: number, intervalMs: number, now: number): number {
  if (due > now) return due + intervalMs;
  const missed = Math.floor((now - due) / intervalMs) + 1;
  return due + missed * intervalMs;
}

/** Delay before retry number `attempt` (1-based): base, 2×base, 4×base…, at most 5 minutes. */
export function backoff(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
}

/** An interval's first due time (`now + ms`), checked like every alarm time. */
export function firstInterval(ms: number, now: number, where: string): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 1) {
    throw new DormError("DORM_BAD_SCHEDULE", `${where}: the interval must be a positive number of milliseconds, got ${String(ms)}.`);
  }
  return checkAlarmTime(now + Math.trunc(ms), where, `an interval of ${ms} ms`, "DORM_BAD_SCHEDULE");
}

export function checkRetryOptions(retries: number, backoffMs: number, where: string): void {
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) {
    throw new DormError("DORM_BAD_SCHEDULE", `${where}: retries must be an integer from 0 to 100, got ${String(retries)}.`);
  }
  if (!Number.isFinite(backoffMs) || backoffMs < 0) {
    throw new DormError("DORM_BAD_SCHEDULE", `${where}: backoffMs must be a non-negative number, got ${String(backoffMs)}.`);
  }
}
