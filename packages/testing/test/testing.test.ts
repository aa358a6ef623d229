import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TestObjectId, type TestApp } from "../src/index.js";

const APP = fileURLToPath(new URL("./app/", import.meta.url));
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ root: APP });
});
afterAll(() => app?.dispose());

describe("createTestApp: typed objects from Node", () => {
  it("calls methods over RPC, typed from the definitions; fetch reaches the worker and the objects", async () => {
    const echo = app.durableObjects.echo.get("a");
    expect(await echo.remember("kept")).toBe("kept");
    expect(await echo.recall()).toBe("kept");
    expect(echo.name).toBe("a");
    expect(echo.id).toEqual(app.durableObjects.echo.idFromName("a"));
    expect(await (await echo.fetch("/path")).text()).toBe("echo a /path");
    expect(await (await app.fetch("/objects/echo/b/x")).text()).toBe("echo b /x");

    const unique = app.durableObjects.echo.newUniqueId();
    expect(unique.hex).toMatch(/^[0-9a-f]{64}$/);
    await app.durableObjects.echo.get(unique).remember("by id");
    expect(await app.durableObjects.echo.get(app.durableObjects.echo.idFromString(unique.hex)).recall()).toBe("by id");
  });

  it.each(["type", "dorm", "quota", "string"] as const)("an error thrown in the object (%s) arrives as a worker would see it", async (kind) => {
    const seen = (await (await app.fetch(`/rpc-error/${kind}`)).json()) as Record<string, unknown>;
    const error = (await app.durableObjects.echo
      .get("worker")
      .fail(kind)
      .catch((e: unknown) => e)) as Error & Record<string, unknown>;
    expect(error).toBeInstanceOf(Error);
    expect({ type: error.constructor.name, name: error.name, message: error.message, code: error.code ?? null, limit: error.limit ?? null, remote: error.remote }).toEqual(seen);
  });

  it("the error's stack points into the app's source, then at the test's call", async () => {
    const error = (await app.durableObjects.echo
      .get("s")
      .fail("type")
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toBe("bad kind for s");
    const source = readFileSync(join(APP, "app/objects/echo.ts"), "utf8").split("\n");
    const line = source.findIndex((l) => l.includes("throw new TypeError")) + 1;
    expect(error.stack).toContain(`app/objects/echo.ts:${line}:`);
    expect(error.stack).toContain(`ECHO "s".fail() (called from the test)`);
    expect(error.stack).toContain("testing.test.ts");
  });

  it("a method the class does not have fails like workerd says; unknown objects list the real ones", async () => {
    const stub = app.durableObjects.echo.get("a") as unknown as Record<string, () => Promise<unknown>>;
    const error = await stub.nope!().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe('The RPC receiver does not implement the method "nope".');
    expect(() => (app.durableObjects as unknown as Record<string, unknown>).nope).toThrow(/no object "nope" \(objects: digest, echo, reminder\)/);
    expect(Object.keys(app.durableObjects)).toEqual(["digest", "echo", "reminder"]);
    // A stub is not a promise.
    expect(await Promise.resolve(app.durableObjects.echo.get("a"))).toHaveProperty("id");
  });

  it("miniflare's own Node-side stub loses the error (the reason the stubs go through the test hook)", async () => {
    const ns = await app.mf.getDurableObjectNamespace("ECHO");
    const raw = ns.get(ns.idFromName("raw")) as unknown as { fail(kind: string): Promise<void> };
    // If miniflare ever delivers the real error, docs/testing.md's pitfall note can go.
    await expect(raw.fail("type")).rejects.toThrow("false == true");
  });
});

describe("runAlarms", () => {
  it("runs the platform alarm of a KV-backed object now, once", async () => {
    const reminder = app.durableObjects.reminder.get("r1");
    await reminder.remindAt(Date.now() + 60 * 60_000, "call mum");
    const runs = await app.runAlarms();
    expect(runs).toContainEqual({ object: "reminder", id: reminder.id.hex, ran: 1, failed: 0 });
    expect(await reminder.fired()).toEqual(["call mum"]);
    expect(await reminder.alarmTime()).toBeNull();
    expect((await app.runAlarms()).some((r) => r.id === reminder.id.hex)).toBe(false);
  });

  it("runs every pending schedule once: one-shots are done, repeating ones move to their next slot", async () => {
    const digest = app.durableObjects.digest.get("d1");
    const planned = await digest.plan();
    const every = planned.find((t) => t.payload === "every")!;
    const cron = planned.find((t) => t.payload === "cron")!;
    const run = (await app.runAlarms()).find((r) => r.id === digest.id.hex);
    expect(run).toEqual({ object: "digest", id: digest.id.hex, ran: 4, failed: 0 });
    expect((await digest.runs()).sort()).toEqual(["alarm", "cron", "every", "once"]);
    const after = await digest.schedules();
    expect(after.map((t) => t.payload).sort()).toEqual(["cron", "every"]);
    // The interval keeps its phase; the cron goes to its following match (a day later).
    expect(after.find((t) => t.payload === "every")!.due).toBe(every.due + 10 * 60_000);
    expect(after.find((t) => t.payload === "cron")!.due).toBe(cron.due + 24 * 60 * 60_000);
  });

  it("a schedule that throws is reported and stays for its retry", async () => {
    const digest = app.durableObjects.digest.get("d2");
    await digest.flaky();
    expect((await app.runAlarms()).find((r) => r.id === digest.id.hex)).toMatchObject({ ran: 1, failed: 1 });
    expect((await app.runAlarms()).find((r) => r.id === digest.id.hex)).toMatchObject({ ran: 1, failed: 1 });
    // retries: 1 → dropped after the second failure.
    expect((await app.runAlarms()).find((r) => r.id === digest.id.hex)).toBeUndefined();
  });
});

describe("connect", () => {
  it("opens a WebSocket through the worker; messages are awaited in order; close is seen", async () => {
    const socket = await app.connect("/objects/echo/ws-room/socket");
    socket.send("one");
    socket.send("two");
    expect(await socket.next()).toBe("ws-room> one");
    expect(await socket.next()).toBe("ws-room> two");
    socket.send(new Uint8Array([1, 2, 3]));
    expect(await socket.next()).toBe("ws-room> 3 bytes");
    socket.send("close");
    expect(await socket.closed).toEqual({ code: 4000, reason: "asked to" });
    await expect(socket.next()).rejects.toThrow(/closed \(4000 asked to\)/);
    // The init's headers are passed on, but Upgrade is always websocket: this one connects too.
    const again = await app.connect("/objects/echo/ws-room/socket", { method: "GET", headers: { Upgrade: "nope" } });
    again.send("again");
    expect(await again.next()).toBe("ws-room> again");
    again.send("close");
    expect(await again.closed).toEqual({ code: 4000, reason: "asked to" });
  });

  it("a path that does not upgrade is a clear error", async () => {
    await expect(app.connect("/nowhere")).rejects.toThrow(/connect \/nowhere: expected a WebSocket \(101\), got 404/);
  });
});

describe("restart and storage", () => {
  it("restart() evicts everything: persisted state survives, memory does not, old stubs keep working", async () => {
    const echo = app.durableObjects.echo.get("survivor");
    await echo.remember("still here");
    const woken = await echo.wake();
    expect(woken).toBeGreaterThan(0);
    await app.restart();
    expect(await echo.recall()).toBe("still here");
    expect(await echo.wake()).toBe(1);
  });

  it("a persist folder given by the test is kept and shared by the next app", async () => {
    const persist = await mkdtemp(join(tmpdir(), "dorm-persist-"));
    try {
      const first = await createTestApp({ root: APP, persist });
      await first.durableObjects.echo.get("shared").remember("from the first app");
      await first.dispose();
      expect(existsSync(persist)).toBe(true);
      const second = await createTestApp({ root: APP, persist });
      try {
        expect(await second.durableObjects.echo.get("shared").recall()).toBe("from the first app");
      } finally {
        await second.dispose();
      }
    } finally {
      await rm(persist, { recursive: true, force: true });
    }
  });

  it("dispose() removes the temporary storage it made; the app can no longer be used", async () => {
    const temporary = await createTestApp({ root: APP });
    expect(existsSync(temporary.persistTo)).toBe(true);
    await temporary.dispose();
    expect(existsSync(temporary.persistTo)).toBe(false);
    expect(() => temporary.fetch("/")).toThrow(/disposed/);
  });
});

describe("the test hook stays out of deployable bundles", () => {
  it("dist/worker.js has no test hook (no __dormTest method, no dorm/test-hooks code); the test bundle does", () => {
    const production = readFileSync(join(APP, "dist/worker.js"), "utf8");
    const test = readFileSync(join(APP, ".wrangler/dorm-test/worker.js"), "utf8");
    for (const marker of ["__dormTest", "function testHook", "function describeError"]) {
      expect(production).not.toContain(marker);
      expect(test).toContain(marker);
    }
  });
});

/** Type tests: checked by tsc (npm run typecheck), never run. */
export function typeTests(typed: TestApp): void {
  const echo = typed.durableObjects.echo.get("t");
  const remembered: Promise<string> = echo.remember("x");
  const recalled: Promise<string | null> = echo.recall();
  // @ts-expect-error remember takes a string
  void echo.remember(1);
  // @ts-expect-error fail takes one of its kinds
  void echo.fail("other");
  // @ts-expect-error no such method
  void echo.nope();
  // @ts-expect-error no such object
  void typed.durableObjects.nope;
  const id: TestObjectId = typed.durableObjects.digest.idFromName("x");
  void [remembered, recalled, id];
}
