import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../build/src/build.js";
import { miniflareOptions } from "../../build/src/local.js";
import { TestSocket } from "./realtime/socket.js";

// What an app moving to dorm relies on (issue 14), in real workerd: test/porting-app, built by dorm.
const APP = fileURLToPath(new URL("./porting-app/", import.meta.url));
let mf: Miniflare;
let base: string;

type Stub = Record<string, (...args: unknown[]) => Promise<unknown>>;
async function stub(on: Miniflare, binding: string, name: string): Promise<Stub> {
  const ns = await on.getDurableObjectNamespace(binding);
  return ns.get(ns.idFromName(name)) as unknown as Stub;
}

beforeAll(async () => {
  await buildApp(APP);
  mf = new Miniflare({ ...(await miniflareOptions(APP)), port: 0 });
  base = (await mf.ready).href;
});

const ws = (path: string) => `${base.replace(/^http/, "ws")}${path.replace(/^\//, "")}`;
afterAll(() => mf?.dispose());

describe("activate and memory", () => {
  it("memory is built and activate runs once per start, before any event, even for concurrent first calls", async () => {
    const visits = await stub(mf, "VISITS", randomUUID());
    const results = (await Promise.all(["a", "b", "c"].map((who) => visits.visit!(who)))) as { activation: number; seen: string[] }[];
    // Every call saw the finished activation (it waited 30 ms on a timer), and all three share one memory.
    expect(results.map((r) => r.activation)).toEqual([1, 1, 1]);
    expect(results.map((r) => r.seen.length).sort()).toEqual([1, 2, 3]);
  });

  it("memory is never persisted: a restart builds it anew and activates again; deleteAll keeps it", async () => {
    const persist = await mkdtemp(join(tmpdir(), "dorm-porting-"));
    const options = { ...(await miniflareOptions(APP)), durableObjectsPersist: persist };
    const name = randomUUID();
    try {
      let local = new Miniflare(options);
      expect(await (await stub(local, "VISITS", name)).visit!("ada")).toEqual({ activation: 1, seen: ["ada"], visits: 1 });
      expect(await (await stub(local, "VISITS", name)).visit!("bob")).toEqual({ activation: 1, seen: ["ada", "bob"], visits: 2 });
      await local.dispose();
      local = new Miniflare(options);
      // The state came back from storage; the memory did not, and activate ran a second time.
      expect(await (await stub(local, "VISITS", name)).visit!("cy")).toEqual({ activation: 2, seen: ["cy"], visits: 3 });
      // deleteAll starts the state over from init; the instance did not restart, so memory stays.
      expect(await (await stub(local, "VISITS", name)).wipe!()).toEqual({ activation: 2, seen: 1, state: { visits: 0 } });
      await local.dispose();
    } finally {
      await rm(persist, { recursive: true, force: true });
    }
  });

  it("an activate that throws fails every event with its error", async () => {
    // Called from the worker: miniflare's Node-side stub loses an object's thrown error (docs/testing.md).
    const visit = async (name: string) => (await mf.dispatchFetch(`http://localhost/visit?name=${name}`)).json();
    const name = `broken-${randomUUID()}`;
    expect(await visit(name)).toEqual({ error: `cannot start ${name}` });
    expect(await visit(name)).toEqual({ error: `cannot start ${name}` });
    expect(await visit("fine")).toMatchObject({ value: { activation: 1 } });
  });
});

describe("binding names", () => {
  it("the config's ROOMS is adopted for ChatRoom and visits declares VISITS: env, accessors and types use them", async () => {
    const response = await mf.dispatchFetch("http://localhost/bindings");
    expect(await response.json()).toEqual({
      users: {},
      declared: { activation: 1, seen: ["worker"], visits: 1 },
      sameNamespace: true,
    });
    const types = await readFile(join(APP, ".dorm/env.d.ts"), "utf8");
    expect(types).toContain("ROOMS: DurableObjectNamespace<ChatRoom>;");
    expect(types).toContain("VISITS: DurableObjectNamespace<Visits>;");
    expect(types).not.toContain("CHAT_ROOM");
    const config = JSON.parse(await readFile(join(APP, "dist/wrangler.json"), "utf8"));
    expect(config.durable_objects.bindings.filter((b: { class_name: string }) => ["ChatRoom", "Visits"].includes(b.class_name))).toEqual([
      { name: "ROOMS", class_name: "ChatRoom" },
      { name: "VISITS", class_name: "Visits" },
    ]);
  });
});

describe("storage keys", () => {
  it("numbers and other primitives are keys by their text, as in workerd; symbols and objects are DORM_BAD_KEY", async () => {
    const keys = await stub(mf, "KEYS", randomUUID());
    const result = (await keys.probe!()) as Record<string, unknown>;
    expect(result).toMatchObject({
      get1: "one",
      getText: "one",
      getMany: [["1", "one"]],
      delete1: true,
      list: ["10", "null", "true"],
    });
    expect(result.putSymbol).toMatch(/DormError: \[DORM_BAD_KEY\] storage\.put: a storage key is a string .*got a symbol/);
    expect(result.putEntriesAndValue).toMatch(/DORM_BAD_KEY/);
  });
});

describe("raw connections: the app's own frames, dorm's connection records", () => {
  it("seed 004's ChatRoom, ported: its clients' JSON protocol unchanged; join after the socket exists, typing to the others", async () => {
    const room = randomUUID();
    const refused = await TestSocket.attempt(ws(`/room/${room}/ws`));
    expect(refused).toMatchObject({ status: 400, body: "Missing userId or name" });

    const ada = await TestSocket.open(ws(`/room/${room}/ws?userId=u1&name=Ada`));
    // The newcomer hears its own join (dorm sends nothing of its own on a raw connection).
    expect(await ada.next()).toMatchObject({ type: "join", userId: "u1", content: "Ada" });
    const bob = await TestSocket.open(ws(`/room/${room}/ws?userId=u2&name=Bob`));
    expect(await bob.next()).toMatchObject({ type: "join", userId: "u2", content: "Bob" });
    expect(await ada.next()).toMatchObject({ type: "join", userId: "u2" });

    bob.send({ type: "typing" });
    bob.send({ type: "message", content: "hi Ada" });
    expect(await ada.next()).toMatchObject({ type: "typing", userId: "u2" });
    expect(await ada.next()).toMatchObject({ type: "message", userId: "u2", content: "hi Ada" });
    // Typing went to the others only; the message to everyone.
    expect(await bob.next()).toMatchObject({ type: "message", content: "hi Ada" });
    expect(bob.frames.some((f) => f.type === "typing")).toBe(false);

    const rest = async (path: string) => (await mf.dispatchFetch(`http://localhost/room/${room}${path}`)).json();
    expect(await rest("/messages")).toMatchObject([{ type: "message", userId: "u2", content: "hi Ada" }]);
    expect(Object.keys((await rest("/users")) as object).sort()).toEqual(["u1", "u2"]);

    await bob.close();
    expect(await ada.next((f) => f.type === "leave")).toMatchObject({ userId: "u2" });
    expect(Object.keys((await rest("/users")) as object)).toEqual(["u1"]);
    await ada.close();
  });

  it("connection data, topics and except work on raw frames; binary passes through; the dorm calls say what to use", async () => {
    const name = randomUUID();
    const a = await TestSocket.open(ws(`/objects/echo/${name}/ws?name=a`));
    const b = await TestSocket.open(ws(`/objects/echo/${name}/ws?name=b`));
    a.send("hello");
    expect((await b.next()).text).toBe("a: hello");
    a.send("stats");
    expect(await a.next()).toMatchObject({ data: { name: "a", frames: 2 }, connections: 2 });
    expect(a.raw).not.toContain("a: hello");
    // Binary in, binary out (reversed by the object).
    a.send(Uint8Array.from([1, 2, 3]));
    expect((await a.next()).text).toBe("<binary 3>");
    b.send("misuse");
    const errors = (await b.next()) as unknown as string[];
    // ctx.broadcast, conn.send, ctx.publish: each names its raw twin.
    expect(errors).toHaveLength(3);
    ["ctx.broadcastRaw", "conn.sendRaw", "ctx.publishRaw"].forEach((twin, i) => expect(errors[i]).toMatch(new RegExp(`DORM_WRONG_PROTOCOL.*realtime\\.protocol "raw".*use ${twin.replace(".", "\\.")}`)));
    await Promise.all([a.close(), b.close()]);
  });

  it("limits: a refused frame goes to refused (the app answers); without it dorm closes with 1009 or 1008", async () => {
    const echo = await TestSocket.open(ws(`/objects/echo/${randomUUID()}/ws`));
    echo.send("x".repeat(33));
    expect(await echo.next()).toEqual({ error: "DORM_FRAME_TOO_LARGE", retryAfterMs: null });
    // Burst 3: the first three frames passed (the too-large one took a token too), the fourth is over.
    for (const text of ["one", "two", "three"]) echo.send(text);
    expect(await echo.next((f) => "error" in f)).toMatchObject({ error: "DORM_RATE_LIMITED", retryAfterMs: expect.any(Number) });
    expect(echo.closeInfo).toBeNull();
    await echo.close();

    const big = await TestSocket.open(ws(`/objects/strict/${randomUUID()}/ws`));
    big.send("123456789");
    expect(await big.closed()).toEqual({ code: 1009, reason: "frame over 8 bytes" });
    const fast = await TestSocket.open(ws(`/objects/strict/${randomUUID()}/ws`));
    for (const text of ["a", "b", "c"]) fast.send(text);
    expect(await fast.closed()).toEqual({ code: 1008, reason: "too many frames" });
    expect(fast.raw).toEqual(["ok a", "ok b"]);
  });
});

describe("accepted: after the socket exists (dorm's protocol)", () => {
  it("the newcomer gets the history after its welcome; the others hear it joined; a failing hook closes it (1011)", async () => {
    const name = randomUUID();
    const url = (who: string) => ws(`/objects/lobby/${name}/ws?name=${who}`);
    const ada = await TestSocket.open(url("ada"));
    expect(await ada.next()).toMatchObject({ kind: "welcome" });
    expect(await ada.next((f) => f.kind === "event")).toMatchObject({ type: "history", payload: [] });
    await ada.call("say");
    const bob = await TestSocket.open(url("bob"));
    expect(await bob.next()).toMatchObject({ kind: "welcome" });
    expect(await bob.next((f) => f.kind === "event")).toMatchObject({ type: "history", payload: ["ada"] });
    expect(await ada.next((f) => f.kind === "event")).toMatchObject({ type: "joined", payload: { name: "bob" } });
    expect(bob.frames.some((f) => f.type === "joined")).toBe(false);

    const crash = await TestSocket.open(url("crash"));
    expect(await crash.closed()).toEqual({ code: 1011, reason: "the server failed to set up the connection" });
    // The others saw it join (presence) and leave; no "joined" event, since the hook failed first.
    await ada.next((f) => f.kind === "presence" && f.op === "leave" && f.id !== undefined);
    expect(ada.frames.filter((f) => f.type === "joined").map((f) => f.payload.name)).toEqual(["bob"]);
    await Promise.all([ada.close(), bob.close()]);
  });
});
