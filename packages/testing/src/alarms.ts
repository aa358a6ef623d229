import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { AlarmsRun } from "dorm/test-hooks";
import type { AppObject, Runtime } from "./objects.js";
import { TEST_HOOK } from "./objects.js";

/** One object whose pending alarms and schedules `runAlarms()` ran. */
export interface AlarmRun {
  /** Accessor name: `counter`. */
  readonly object: string;
  /** The object's id (hex). */
  readonly id: string;
  /** How many schedules and alarms ran. */
  readonly ran: number;
  /** How many of them threw (they stay scheduled for their retry, as in production). */
  readonly failed: number;
}

/**
 * The ids of every object of a class that has storage. Miniflare keeps each one in
 * `<persist>/do/<worker name>-<class>/<id>.sqlite` (the key miniflare derives for a class).
 */
async function storedIds(persistTo: string, workerName: string, className: string): Promise<string[]> {
  const files = await readdir(join(persistTo, "do", `${workerName}-${className}`)).catch(() => [] as string[]);
  return files
    .filter((f) => /^[0-9a-f]{64}\.sqlite$/.test(f))
    .map((f) => f.slice(0, -".sqlite".length))
    .sort();
}

/**
 * Run every pending alarm and schedule of every object now, whatever their due time; objects
 * one after another, each one's schedules earliest first. Objects with nothing pending are left
 * out of the result.
 */
export async function runAlarms(objects: readonly AppObject[], runtime: Runtime, persistTo: string, workerName: string): Promise<AlarmRun[]> {
  const runs: AlarmRun[] = [];
  for (const object of objects) {
    const ns = runtime.namespace(object.binding);
    for (const id of await storedIds(persistTo, workerName, object.className)) {
      const stub = ns.get(ns.idFromString(id)) as unknown as Record<string, (...args: unknown[]) => Promise<AlarmsRun>>;
      const result = await stub[TEST_HOOK]!("alarms");
      if (result.ran > 0) runs.push({ object: object.accessor, id, ran: result.ran, failed: result.failed });
    }
  }
  return runs;
}
