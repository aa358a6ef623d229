import { Cron } from "croner";
import { DormError } from "../errors.js";
import type { Feature } from "../object/features.js";
import { checkAlarmTime } from "./timing.js";

// Cron parsing, with time zones, by croner. Only apps that schedule cron strings bundle this
// file: the build adds the `cron` feature when it finds a cron string in the app's code (or
// `features: ["cron"]` in dorm.config.ts). croner was measured against the smaller cron
// libraries with time zones (docs/benchmarks.md, "Cron"); it is kept because it is the one that
// is maintained and handles every case below.

/** The next time a cron expression matches strictly after `after` (epoch ms); throws DORM_BAD_CRON. */
export type NextCron = (expression: string, timezone: string, after: number, where: string) => number;

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

export const nextCron: NextCron = (expression, timezone, after, where) => {
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
  return checkAlarmTime(next.getTime(), where, `the next match of cron "${expression}"`, "DORM_BAD_CRON");
};

/** The `cron` feature: the scheduler's cron parser. */
export const cronFeature: Feature<"cron"> = () => nextCron;
