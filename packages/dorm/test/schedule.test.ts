import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../build/src/build.js";
import { miniflareOptions } from "../../build/src/local.js";
import type { Fired } from "./app/app/planner-types.js";
import { until } from "./until.js";

// The scheduler in real workerd, with persisted storage so a restart is a real cold start.
const APP = fileURLToPath(new URL("./app/", import.meta.url));
const persistTo = join(fileURLToPath(new URL("../../..", import.meta.url)), ".tmp/persist", randomUUID());

type Planner = {
  plan(items: { delayMs?: number; at?: number; method: string; payload?: unknown; retries?: number; backoffMs?: number }[]): Promise<string[]>;
  every(ms: number, payload: unknown): Promise<{ same: boolean; schedules: { id: string; kind: string; intervalMs?: number }[] }>;
  cancel(id: string): Promise<boolean>;
  tryCancel(id: string): Promise<boolean | string>;
  alarmAt(): Promise<number | null>;
  list(): Promise<{ id: string; method: string; due: number }[]>;
  ownAlarm(delayMs: number): Promise<number | null>;
  fired(): Promise<Fired[]>;
  badSchedules(): Promise<{ errors: string[]; pending: number }>;
};

let stdout = "";
let stderr = "";
async function start(): Promise<{ mf: Miniflare; planner: (name: string) => Planner }> {
  const mf = new Miniflare({
    ...(await miniflareOptions(APP, { persistTo })),
    handleRuntimeStdio(out: Readable, err: Readable) {
      out.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      err.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    },
  });
  const ns = await mf.getDurableObjectNamespace("PLANNER");
  return { mf, planner: (name) => ns.get(ns.idFromName(name)) as unknown as Planner };
}

let mf: Miniflare;
let planner: (name: string) => Planner;
beforeAll(async () => {
  await buildApp(APP);
  ({ mf, planner } = await start());
});
afterAll(async () => {
  await mf?.dispose();
  await rm(persistTo, { recursive: true, force: true });
});

describe("ctx.schedule", () => {
  it("fires three schedules in time order, and one set in the past at once", async () => {
    const p = planner(randomUUID());
    await p.plan([
      { delayMs: 600, method: "record", payload: "third" },
      { delayMs: 200, method: "record", payload: "first" },
      { delayMs: 400, method: "record", payload: "second" },
      { at: Date.now() - 60_000, method: "record", payload: "overdue" },
    ]);
    const fired = await until(() => p.fired(), (f) => f.length === 4);
    expect(fired.map((f) => f.payload)).toEqual(["overdue", "first", "second", "third"]);
    expect(await p.list()).toEqual([]);
  });

  it("scheduleEvery twice keeps one interval, which repeats until cancelled", async () => {
    const p = planner(randomUUID());
    const { same, schedules } = await p.every(100, "tick");
    expect(same).toBe(true);
    expect(schedules).toEqual([{ id: schedules[0]!.id, kind: "every", intervalMs: 100 }]);
    const fired = await until(() => p.fired(), (f) => f.length >= 3);
    expect(fired.every((f) => f.payload === "tick")).toBe(true);
    expect(await p.cancel(schedules[0]!.id)).toBe(true);
    expect(await p.list()).toEqual([]);
  });

  it("retries a throwing callback with backoff, then drops it with a logged error; the others still run", async () => {
    const p = planner(randomUUID());
    await p.plan([
      { delayMs: 50, method: "fail", payload: "boom", retries: 2, backoffMs: 50 },
      { delayMs: 100, method: "record", payload: "still runs" },
    ]);
    await until(() => p.fired(), (f) => f.filter((e) => e.method === "fail").length === 3 && f.some((e) => e.payload === "still runs"));
    await until(async () => stderr, (s) => s.includes("failed 3 times; dropped"));
    const fired = await p.fired();
    expect(fired.filter((e) => e.method === "fail").map((e) => e.attempts)).toEqual([0, 1, 2]);
    expect(await p.list()).toEqual([]);
    expect(stderr).toContain("fail on purpose (boom)");
  });

  it("runs the definition's own alarm beside the schedules", async () => {
    const p = planner(randomUUID());
    expect(await p.ownAlarm(150)).toBeGreaterThan(Date.now());
    await p.plan([{ delayMs: 50, method: "record", payload: "scheduled" }]);
    const fired = await until(() => p.fired(), (f) => f.length === 2);
    expect(fired.map((f) => f.method)).toEqual(["record", "alarm"]);
    expect(fired[1]!.attempts).toBe(0);
  });

  it("rejects bad schedules with errors that say what to fix, and stores none of them", async () => {
    const { errors, pending } = await planner(randomUUID()).badSchedules();
    expect(errors[0]).toMatch(/DORM_UNKNOWN_METHOD.*"nope".*methods: plan, every/);
    expect(errors[1]).toMatch(/DORM_BAD_CRON.*"not a cron"/);
    expect(errors[2]).toMatch(/DORM_BAD_SCHEDULE/);
    expect(errors[3]).toMatch(/DORM_BAD_SCHEDULE.*interval/);
    expect(errors[4]).toMatch(/DORM_BAD_PAYLOAD.*JSON/);
    expect(errors[5]).toMatch(/DORM_BAD_SCHEDULE.*retries/);
    expect(errors[6]).toMatch(/DORM_PAYLOAD_TOO_LARGE.*2000000 bytes/);
    expect(pending).toBe(0);
  });

  it("schedules due in the same alarm run fire in due order, ties in the order they were scheduled", async () => {
    const name = `batch-${randomUUID()}`;
    const at = Date.now() + 1_500;
    // Scheduled out of order, two of them for the same moment.
    await planner(name).plan([
      { at: at + 300, method: "record", payload: "last" },
      { at: at + 200, method: "record", payload: "third" },
      { at, method: "record", payload: "first" },
      { at, method: "record", payload: "first, scheduled second" },
      { at: at + 100, method: "record", payload: "second" },
    ]);
    // While workerd is down they all fall due, so the restart's first alarm runs all five at once.
    await mf.dispose();
    await until(async () => Date.now(), (now) => now > at + 300);
    ({ mf, planner } = await start());
    const fired = await until(() => planner(name).fired(), (f) => f.length === 5);
    expect(fired.map((f) => f.payload)).toEqual(["first", "first, scheduled second", "second", "third", "last"]);
  });

  it("cancelSchedule refuses the row behind the object's own alarm; the alarm stays", async () => {
    const p = planner(randomUUID());
    const at = await p.ownAlarm(60_000);
    expect(await p.tryCancel("__dorm:alarm")).toMatch(/^\[DORM_RESERVED_SCHEDULE\] ctx\.cancelSchedule: "__dorm:alarm" is the object's own alarm.*ctx\.deleteAlarm\(\)/);
    expect(await p.alarmAt()).toBe(at);
    expect(await p.tryCancel("no-such-schedule")).toBe(false);
  });

  it("survives a restart; a cold object woken by its alarm has its name and state before the callback", async () => {
    const name = `cold-${randomUUID()}`;
    await planner(name).plan([{ delayMs: 1500, method: "record", payload: "after restart" }]);
    await mf.dispose();
    ({ mf, planner } = await start());
    // Nothing calls the object until its callback has run: the alarm alone wakes it.
    await until(async () => stdout, (out) => out.includes(`planner fired: ${name} "after restart"`));
    const fired = await planner(name).fired();
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ payload: "after restart", name, label: `planner of ${name}`, attempts: 0 });
  });
});
