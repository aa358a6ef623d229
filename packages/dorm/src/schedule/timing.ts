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
