import { Cron } from "croner";
import { DormError } from "../errors.js";

// Pure time arithmetic of the scheduler: no storage, no clock (callers pass `now`).

const MAX_BACKOFF_MS = 5 * 60_000;

export const DEFAULT_RETRIES = 3;
export const DEFAULT_BACKOFF_MS = 1000;
export const DEFAULT_TIMEZONE = "UTC";

/** The first due time of `schedule(when, ...)`: a past date or a negative delay is due now. */
export function dueOf(when: Date | number, now: number, where: string): number {
  const due = when instanceof Date ? when.getTime() : now + when;
  if (!Number.isFinite(due)) {
    throw new DormError("DORM_BAD_SCHEDULE", `${where}: "when" must be a valid Date, a delay in milliseconds, or a cron string; got ${String(when)}.`);
  }
  return Math.max(Math.trunc(due), now);
}

function parseCron(expression: string, timezone: string, where: string): Cron {
  try {
    return new Cron(expression, { paused: true, timezone });
  } catch (error) {
    throw new DormError(
      "DORM_BAD_CRON",
      `${where}: "${expression}" (time zone ${timezone}) is not a valid cron expression: ${(error as Error).message} Use five fields "minute hour day month weekday", e.g. "*/5 * * * *", or six with seconds first.`,
    );
  }
}

/** The next time a cron expression matches strictly after `after`. */
export function nextCron(expression: string, timezone: string, after: number, where: string): number {
  let next: Date | null;
  try {
    next = parseCron(expression, timezone, where).nextRun(new Date(after));
  } catch (error) {
    if (error instanceof DormError) throw error;
    throw new DormError("DORM_BAD_CRON", `${where}: cron "${expression}" in time zone "${timezone}": ${(error as Error).message}`);
  }
  if (!next) {
    throw new DormError("DORM_BAD_CRON", `${where}: cron "${expression}" never matches a future time (for example February 30); fix the expression.`);
  }
  return next.getTime();
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

export function checkInterval(ms: number, where: string): void {
  if (!Number.isFinite(ms) || ms < 1) {
    throw new DormError("DORM_BAD_SCHEDULE", `${where}: the interval must be a positive number of milliseconds, got ${String(ms)}.`);
  }
}

export function checkRetryOptions(retries: number, backoffMs: number, where: string): void {
  if (!Number.isInteger(retries) || retries < 0 || retries > 100) {
    throw new DormError("DORM_BAD_SCHEDULE", `${where}: retries must be an integer from 0 to 100, got ${String(retries)}.`);
  }
  if (!Number.isFinite(backoffMs) || backoffMs < 0) {
    throw new DormError("DORM_BAD_SCHEDULE", `${where}: backoffMs must be a non-negative number, got ${String(backoffMs)}.`);
  }
}
