import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestApp, type TestApp } from "@dorm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../../../packages/dorm/test/until.js";

const APP = fileURLToPath(new URL("..", import.meta.url));
const REPO = join(APP, "../..");
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ root: APP });
});
afterAll(() => app?.dispose());

describe("counter fixture in workerd", () => {
  it("RPC, REST, persistence across restarts, alarms", async () => {
    // RPC from Node through the generated class, typed from app/objects/counter.ts.
    const rpc = app.durableObjects.counter.get("rpc");
    expect(await rpc.increment(2)).toBe(2);
    expect(await rpc.increment()).toBe(3);
    expect(await rpc.decrement(5)).toBe(-2);
    expect(await rpc.get()).toBe(-2);
    expect(await rpc.reset()).toBe(0);
    expect(await rpc.increment(40)).toBe(40);

    // REST through app/worker.ts, which uses durableObjects.counter.get(name).
    const post = (path: string) => app.fetch(path, { method: "POST" });
    expect(await (await post("/counter/web/increment?by=5")).json()).toEqual({ name: "web", value: 5 });
    expect(await (await post("/counter/web/decrement")).json()).toEqual({ name: "web", value: 4 });
    expect(await (await app.fetch("/counter/rpc")).json()).toEqual({ name: "rpc", value: 40 });
    const bad = await post("/counter/web/increment?by=lots");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "BAD_AMOUNT" } });
    expect((await app.fetch("/nope")).status).toBe(404);
    // The counter refuses to leave the safe integers; the worker says why.
    await post(`/counter/edge/increment?by=${Number.MAX_SAFE_INTEGER}`);
    const over = await post("/counter/edge/increment");
    expect(over.status).toBe(422);
    expect(await over.json()).toMatchObject({ error: { code: "OUT_OF_RANGE", message: expect.stringContaining("safe integers") } });
    expect(await (await app.fetch("/counter/edge")).json()).toEqual({ name: "edge", value: Number.MAX_SAFE_INTEGER });
    // A repeating reset is one schedule, replaced when the interval changes, stopped with 0.
    expect(await (await post("/counter/daily/reset-every?ms=86400000")).json()).toEqual({ name: "daily", resetEveryMs: 86_400_000 });
    await post("/counter/daily/increment?by=3");
    expect(await app.runAlarms()).toEqual([{ object: "counter", id: app.durableObjects.counter.get("daily").id.hex, ran: 1, failed: 0 }]);
    expect(await (await app.fetch("/counter/daily")).json()).toEqual({ name: "daily", value: 0 });
    expect((await post("/counter/daily/reset-every?ms=-1")).status).toBe(400);
    await post("/counter/daily/reset-every?ms=0");
    expect(await app.runAlarms()).toEqual([]);
    const page = await app.fetch("/");
    expect(page.headers.get("content-type")).toContain("text/html");

    // Nothing internal is callable over RPC, only the definition's methods: asked of the real
    // RPC surface (miniflare's own stub; a refused method fails before the call, so its error is intact).
    const namespace = await app.mf.getDurableObjectNamespace("COUNTER");
    const raw = namespace.get(namespace.idFromName("rpc")) as unknown as Record<string, () => Promise<unknown>>;
    const callInternal = (name: string) => Promise.resolve().then(() => raw[name]!());
    for (const internal of ["ctx", "env", "setState", "storage", "state"]) {
      await expect(callInternal(internal)).rejects.toThrow(`does not implement the method "${internal}"`);
    }
    await expect(callInternal("constructor")).rejects.toThrow();

    // State survives a restart of workerd on the same storage (every object evicted).
    await app.restart();
    expect(await rpc.get()).toBe(40);
    expect(await (await app.fetch("/counter/web")).json()).toEqual({ name: "web", value: 4 });

    // An alarm fires on its own and sees the object's name.
    const alarmed = app.durableObjects.counter.get("alarm-test");
    await alarmed.increment(7);
    await alarmed.resetAt(Date.now());
    const fired = await until(() => alarmed.lastAlarm(), (v) => v !== null);
    expect(fired?.name).toBe("alarm-test");
    expect(await alarmed.get()).toBe(0);

    // An alarm an hour away runs now with runAlarms(), without waiting for it.
    const later = app.durableObjects.counter.get("later");
    await later.increment(9);
    await later.resetAt(Date.now() + 60 * 60_000);
    expect(await later.lastAlarm()).toBeNull();
    expect(await app.runAlarms()).toEqual([{ object: "counter", id: later.id.hex, ran: 1, failed: 0 }]);
    expect(await later.get()).toBe(0);
    expect((await later.lastAlarm())?.name).toBe("later");

    // An alarm that wakes a cold object (workerd restarted in between) still knows the name.
    const cold = app.durableObjects.counter.get("cold-alarm");
    await cold.increment(3);
    await cold.resetAt(Date.now() + 1_000);
    await app.restart();
    const woken = await until(() => cold.lastAlarm(), (v) => v !== null);
    expect(woken?.name).toBe("cold-alarm");
  });

  it("a broken %-sequence in a name is a 400, never a crash", async () => {
    const broken = await app.fetch("/counter/%E0%A4%A");
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: { code: "BAD_NAME" } });
  });

  it("wrangler deploy --dry-run (pinned wrangler) accepts dist/wrangler.json via the redirect", () => {
    const wrangler = join(REPO, "node_modules/wrangler/bin/wrangler.js");
    const run = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", join(REPO, ".tmp/dry-run", randomUUID())], {
      cwd: APP,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_UPDATE_NOTIFIER: "1" },
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('Configuration being used: "dist/wrangler.json"');
    expect(run.stdout).toContain("env.COUNTER (Counter)");
  });
});
