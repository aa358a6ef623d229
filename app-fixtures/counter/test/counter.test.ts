import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { miniflareOptions } from "../../../packages/build/src/local.js";

const APP = fileURLToPath(new URL("..", import.meta.url));
const REPO = join(APP, "../..");
const persistTo = join(REPO, ".tmp/persist", randomUUID());

interface CounterStub {
  increment(by?: number): Promise<number>;
  decrement(by?: number): Promise<number>;
  reset(): Promise<number>;
  get(): Promise<number>;
  resetAt(at: number): Promise<number>;
  lastAlarm(): Promise<{ name: string; firedAt: number } | null>;
}

async function start(): Promise<{ mf: Miniflare; counter: (name: string) => CounterStub }> {
  const mf = new Miniflare(await miniflareOptions(APP, { persistTo }));
  const ns = await mf.getDurableObjectNamespace("COUNTER");
  return { mf, counter: (name) => ns.get(ns.idFromName(name)) as unknown as CounterStub };
}

/** Poll `read` until `done` holds; for events the app schedules itself (alarms). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(() => {
  // Built with the CLI, as a user would.
  const run = spawnSync(process.execPath, [join(REPO, "packages/build/bin/dorm.js"), "build", "--root", APP], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
});

afterAll(() => rm(persistTo, { recursive: true, force: true }));

describe("counter fixture in workerd", () => {
  it("RPC, REST, persistence across restarts, alarms", async () => {
    let { mf, counter } = await start();
    try {
      // RPC from Node through the generated class.
      const rpc = counter("rpc");
      expect(await rpc.increment(2)).toBe(2);
      expect(await rpc.increment()).toBe(3);
      expect(await rpc.decrement(5)).toBe(-2);
      expect(await rpc.get()).toBe(-2);
      expect(await rpc.reset()).toBe(0);
      expect(await rpc.increment(40)).toBe(40);

      // REST through app/worker.ts, which uses durableObjects.counter.get(name).
      const post = (path: string) => mf.dispatchFetch(`http://localhost${path}`, { method: "POST" });
      expect(await (await post("/counter/web/increment?by=5")).json()).toEqual({ name: "web", value: 5 });
      expect(await (await post("/counter/web/decrement")).json()).toEqual({ name: "web", value: 4 });
      expect(await (await mf.dispatchFetch("http://localhost/counter/rpc")).json()).toEqual({ name: "rpc", value: 40 });
      const bad = await post("/counter/web/increment?by=lots");
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: "BAD_AMOUNT" } });
      expect((await mf.dispatchFetch("http://localhost/nope")).status).toBe(404);
      const page = await mf.dispatchFetch("http://localhost/");
      expect(page.headers.get("content-type")).toContain("text/html");

      // Nothing internal is callable over RPC: only the definition's methods are.
      const callInternal = (name: string) => Promise.resolve().then(() => (rpc as unknown as Record<string, () => Promise<unknown>>)[name]!());
      for (const internal of ["ctx", "env", "setState", "storage", "state"]) {
        await expect(callInternal(internal)).rejects.toThrow(`does not implement the method "${internal}"`);
      }
      await expect(callInternal("constructor")).rejects.toThrow();

      // State survives dispose() and a new workerd on the same persist directory.
      await mf.dispose();
      ({ mf, counter } = await start());
      expect(await counter("rpc").get()).toBe(40);
      expect(await (await mf.dispatchFetch("http://localhost/counter/web")).json()).toEqual({ name: "web", value: 4 });

      // An alarm fires and sees the object's name.
      const alarmed = counter("alarm-test");
      await alarmed.increment(7);
      await alarmed.resetAt(Date.now());
      const fired = await until(() => alarmed.lastAlarm(), (v) => v !== null);
      expect(fired?.name).toBe("alarm-test");
      expect(await alarmed.get()).toBe(0);

      // An alarm that wakes a cold object (workerd restarted in between) still knows the name.
      const cold = counter("cold-alarm");
      await cold.increment(3);
      await cold.resetAt(Date.now() + 1_000);
      await mf.dispose();
      ({ mf, counter } = await start());
      const woken = await until(() => counter("cold-alarm").lastAlarm(), (v) => v !== null);
      expect(woken?.name).toBe("cold-alarm");
    } finally {
      await mf.dispose();
    }
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
