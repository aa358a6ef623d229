import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../build/src/build.js";
import { miniflareOptions } from "../../build/src/local.js";
import { malformedFrames } from "./realtime/malformed.js";
import { TestSocket, type Frame } from "./realtime/socket.js";

// The realtime runtime in real workerd: test/realtime-app (objects lobby and throttled), built
// by dorm, driven over real WebSockets from Node.
const APP = fileURLToPath(new URL("./realtime-app/", import.meta.url));
let mf: Miniflare;
let base: string;

interface LobbySnapshot {
  posts: { from: string; text: string }[];
  disconnects: string[];
  instance: string;
}
interface LobbyStub {
  secret(): Promise<number>;
  snapshot(): Promise<LobbySnapshot>;
  announce(text: string): Promise<number>;
}

async function lobby(name: string): Promise<LobbyStub> {
  const ns = await mf.getDurableObjectNamespace("LOBBY");
  return ns.get(ns.idFromName(name)) as unknown as LobbyStub;
}

const url = (object: string, name: string, query = "") => `${base.replace(/^http/, "ws")}objects/${object}/${encodeURIComponent(name)}/ws${query}`;
const join = (room: string, name: string, extra = "") => TestSocket.open(url("lobby", room, `?token=t&name=${name}${extra}`));

beforeAll(async () => {
  await buildApp(APP);
  mf = new Miniflare({ ...(await miniflareOptions(APP)), port: 0 });
  base = (await mf.ready).href;
});
afterAll(() => mf?.dispose());

describe("connect", () => {
  it("a rejected upgrade gets connect's status and body, and no socket exists", async () => {
    const room = randomUUID();
    for (const [query, status, message] of [
      ["", 401, "token required"],
      ["?token=banned", 403, "not allowed"],
      ["?token=busy", 429, "try later"],
      ["?token=throws", 500, "connect of lobby failed"],
    ] as const) {
      const result = await TestSocket.attempt(url("lobby", room, query));
      expect(result).toMatchObject({ status });
      expect(JSON.parse((result as { body: string }).body).error.message).toContain(message);
    }
    // Only this one is a connection: the refused upgrades left nothing behind.
    const alice = await join(room, "alice");
    const welcome = await alice.next((f) => f.kind === "welcome");
    expect(welcome.presence).toEqual([{ id: welcome.id, presence: { name: "alice" } }]);
    expect((await alice.call("stats")).payload).toMatchObject({ connections: 1 });
    // A probe (a plain request with the header) answers what connect would.
    const probe = (query: string) => fetch(url("lobby", room, query).replace(/^ws/, "http"), { headers: { "x-dorm-probe": "1" } }).then((r) => r.status);
    expect(await probe("")).toBe(401);
    expect(await probe("?token=banned")).toBe(403);
    expect(await probe("?token=ok")).toBe(204);
    expect((await alice.call("stats")).payload).toMatchObject({ connections: 1 });
    // Without an upgrade or a probe, an object with no fetch handler says what it expects.
    const plain = await fetch(url("lobby", room).replace(/^ws/, "http"));
    expect(plain.status).toBe(426);
    expect(await plain.json()).toMatchObject({ error: { code: "DORM_NO_FETCH" } });
    await alice.close();
  });

  it("welcome carries the id, presence and connect's topics; connection data is what connect returned", async () => {
    const room = randomUUID();
    // The object's first connection: the welcome is its first frame, and it is one connection, once.
    const a = await join(room, "ann", "&topic=news&topic=news&topic=public:sport");
    const welcome = await a.next((f) => f.kind === "welcome");
    expect(a.frames[0]).toBe(welcome);
    expect(welcome).toMatchObject({ v: 1, topics: ["news", "public:sport"], presence: [{ id: welcome.id, presence: { name: "ann" } }] });
    const b = await join(room, "bob");
    expect((await b.call("shout", { topic: "public:sport", text: "goal" })).payload).toEqual({ sent: 1 });
    await a.next((f) => f.type === "shouted");
    expect((await a.call("stats")).payload).toMatchObject({ connections: 2 });
    expect(a.frames.filter((f) => f.type === "shouted")).toHaveLength(1);
    await b.close();
    const who = (await a.call("whoami")).payload;
    expect(who).toMatchObject({ id: welcome.id, data: { name: "ann", token: "t", joins: 0 }, presence: { name: "ann" }, topics: ["news", "public:sport"], name: room });
    await a.close();
  });
});

describe("messages", () => {
  it("a client cannot call a methods entry: only messages are reachable from a socket", async () => {
    const room = randomUUID();
    const stub = await lobby(room);
    const a = await join(room, "mallory");
    for (const type of ["secret", "snapshot", "announce", "fetch", "alarm", "webSocketMessage", "constructor", "toString", "hasOwnProperty"]) {
      const answer = await a.call(type);
      expect(answer, type).toMatchObject({ kind: "error", code: "DORM_UNKNOWN_TYPE" });
      expect(answer.message).toContain("it accepts: post, whoami, rename");
    }
    expect(await stub.secret()).toBe(0);
    await a.close();
  });

  it("1,000 malformed frames: one error frame each, in order, the socket stays usable, stored state unchanged", async () => {
    const room = randomUUID();
    const stub = await lobby(room);
    const a = await join(room, "fuzz");
    const b = await join(room, "peer");
    expect((await a.call("post", { text: "before" })).payload).toEqual({ count: 1 });
    const before = await stub.snapshot();

    const frames = malformedFrames(1000, 20260426, { typed: "post", maxMessageBytes: 2048 });
    expect(new Set(frames.map((f) => f.kind)).size).toBeGreaterThanOrEqual(18);
    const start = a.frames.length;
    for (const { frame } of frames) a.send(frame);
    const answers = (await a.until(() => (a.frames.length - start >= 1000 ? a.frames.slice(start) : null), "1,000 answers")).slice(0, 1000);
    answers.forEach((answer, i) => {
      expect(answer.kind, `${frames[i]!.kind}: ${String(frames[i]!.frame).slice(0, 60)}`).toBe("error");
      expect(answer.code, `${frames[i]!.kind}: ${String(frames[i]!.frame).slice(0, 60)}`).toBe(frames[i]!.code);
      expect(answer.message.length).toBeGreaterThan(10);
    });

    // Still usable, nothing reached a handler, nothing was broadcast to the peer.
    expect((await a.call("post", { text: "after" })).payload).toEqual({ count: 2 });
    const after = await stub.snapshot();
    expect(after.posts).toEqual([...before.posts, { from: "fuzz", text: "after" }]);
    await b.next((f) => f.kind === "event" && f.payload.text === "after");
    expect(b.frames.filter((f) => f.kind === "event").map((f) => f.payload.text)).toEqual(["before", "after"]);
    expect(b.frames.filter((f) => f.kind === "error")).toEqual([]);
    expect(a.closeInfo).toBeNull();
    await a.close();
    await b.close();
  });

  it("replies to a call, refuses with the handler's MessageError code, hides other handler errors", async () => {
    const room = randomUUID();
    const a = await join(room, "x");
    expect(await a.call("post", { text: "hi" }, "id-1")).toEqual({ v: 1, kind: "reply", id: "id-1", payload: { count: 1 } });
    expect(await a.call("refuse", undefined, "id-2")).toEqual({ v: 1, kind: "error", id: "id-2", code: "ROOM_CLOSED", message: "this room takes no messages" });
    const boom = await a.call("boom");
    expect(boom).toMatchObject({ kind: "error", code: "DORM_HANDLER_FAILED" });
    expect(JSON.stringify(boom)).not.toContain("secret internals");
    const invalid = await a.call("post", { text: "" });
    expect(invalid).toMatchObject({ code: "DORM_INVALID_PAYLOAD", issues: [{ path: ["text"] }] });
    expect(invalid.message).toContain("at text");
    // A numeric id is echoed as a number; a one-way frame gets no reply.
    expect(await a.call("whoami", undefined, 7 as unknown as string)).toMatchObject({ id: 7, kind: "reply" });
    a.send({ v: 1, type: "post", payload: { text: "one-way" } });
    expect((await a.call("stats")).payload).toMatchObject({ posts: 2 });
    // post, whoami, stats: the one-way post got no reply.
    expect(a.frames.filter((f) => f.kind === "reply")).toHaveLength(3);
    // The runtime answers heartbeats itself.
    a.send("dorm:ping");
    await a.next((f) => f.text === "dorm:pong", "pong");
    await a.close();
  });
});

describe("connections, presence, topics", () => {
  it("connection data and presence: updates reach the others; more than 16 KiB is refused and changes nothing", async () => {
    const room = randomUUID();
    const a = await join(room, "amy");
    const b = await join(room, "bob");
    const aWelcome = await a.next((f) => f.kind === "welcome");
    const bWelcome = await b.next((f) => f.kind === "welcome");
    expect(bWelcome.presence.map((p: Frame) => p.presence.name)).toEqual(["amy", "bob"]);
    expect(await a.next((f) => f.kind === "presence")).toEqual({ v: 1, kind: "presence", op: "join", id: bWelcome.id, presence: { name: "bob" } });

    expect((await a.call("rename", { name: "amelia" })).payload).toMatchObject({ name: "amelia", token: "t" });
    expect(await b.next((f) => f.kind === "presence")).toEqual({ v: 1, kind: "presence", op: "update", id: aWelcome.id, presence: { name: "amelia" } });

    const grown = (await a.call("grow", { bytes: 16_300 })).payload;
    expect(grown).toMatchObject({ ok: false, nameStill: "amelia" });
    expect(grown.error).toContain("DORM_CONNECTION_TOO_LARGE");
    expect((await a.call("grow", { bytes: 15_000 })).payload).toEqual({ ok: true });
    expect((await a.call("whoami")).payload.data).toMatchObject({ name: "amelia" });

    await b.close(1000);
    expect(await a.next((f) => f.kind === "presence")).toEqual({ v: 1, kind: "presence", op: "leave", id: bWelcome.id });
    expect((await a.call("stats")).payload).toMatchObject({ connections: 1, presence: [{ id: aWelcome.id, presence: { name: "amelia" } }], disconnects: ["bob:1000"] });
    await a.close();
  });

  it("broadcast with except, publish to subscribers only, client subscriptions through the subscribe hook", async () => {
    const room = randomUUID();
    const [a, b, c] = await Promise.all([join(room, "a"), join(room, "b", "&topic=public:news"), join(room, "c")]);
    expect((await a.call("post", { text: "to all but a" })).payload).toEqual({ count: 1 });
    for (const s of [b, c]) expect((await s.next((f) => f.kind === "event")).payload).toEqual({ from: "a", text: "to all but a" });

    expect((await c.call("join", { topic: "public:news" })).payload).toEqual(["public:news"]);
    expect((await a.call("$subscribe", { topic: "public:news" })).payload).toEqual({ topic: "public:news", topics: ["public:news"] });
    expect(await a.call("$subscribe", { topic: "staff" })).toMatchObject({ kind: "error", code: "DORM_FORBIDDEN" });
    expect(await a.call("$subscribe", { topic: "" })).toMatchObject({ kind: "error", code: "DORM_INVALID_PAYLOAD" });

    // c publishes: a and b (subscribers) get it, c (except) does not.
    expect((await c.call("shout", { topic: "public:news", text: "extra" })).payload).toEqual({ sent: 2 });
    for (const s of [a, b]) expect(await s.next((f) => f.type === "shouted")).toMatchObject({ topic: "public:news", payload: { text: "extra", from: "c" } });
    expect((await a.call("$unsubscribe", { topic: "public:news" })).payload).toEqual({ topic: "public:news", topics: [] });
    expect((await c.call("shout", { topic: "public:news", text: "again" })).payload).toEqual({ sent: 1 });
    await b.next((f) => f.type === "shouted" && f.payload.text === "again");
    expect(a.frames.filter((f) => f.type === "shouted")).toHaveLength(1);
    expect(c.frames.filter((f) => f.type === "shouted")).toHaveLength(0);

    // ctx.broadcast from an RPC method reaches every connection.
    expect(await (await lobby(room)).announce("hello")).toBe(3);
    for (const s of [a, b, c]) await s.next((f) => f.type === "posted" && f.payload.from === "server");
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it("conn.close(4403): the client sees the code, the others one leave, disconnect runs once", async () => {
    const room = randomUUID();
    const a = await join(room, "stay");
    const b = await join(room, "kicked");
    const bWelcome = await b.next((f) => f.kind === "welcome");
    b.send({ v: 1, type: "kickMe", payload: { code: 4403 } });
    expect(await b.closed()).toEqual({ code: 4403, reason: "kicked" });
    await a.next((f) => f.kind === "presence" && f.op === "leave");
    const stats = (await a.call("stats")).payload;
    expect(stats).toMatchObject({ connections: 1, disconnects: ["kicked:4403"] });
    expect(a.frames.filter((f) => f.kind === "presence" && f.op === "leave" && f.id === bWelcome.id)).toHaveLength(1);
    await a.close();
  });

  it("rate limit: a burst passes, then one RATE_LIMITED error frame per dropped frame; presence can be off", async () => {
    const t = await TestSocket.open(url("throttled", randomUUID()));
    const welcome = await t.next((f) => f.kind === "welcome");
    expect(welcome.presence).toBeUndefined();
    for (let i = 0; i < 5; i++) t.send({ v: 1, type: "ping", id: i });
    const answers = await t.count((f) => f.kind === "reply" || f.kind === "error", 5, "answers");
    expect(answers.map((f) => f.id)).toEqual([0, 1, 2, 3, 4]);
    expect(answers.map((f) => f.kind)).toEqual(["reply", "reply", "reply", "error", "error"]);
    expect(answers[3]).toMatchObject({ code: "DORM_RATE_LIMITED", retryAfterMs: expect.any(Number) });
    expect(t.closeInfo).toBeNull();
    await t.close();
  });
});

describe("hibernation", () => {
  it("connections survive eviction: data, topics, presence and broadcasts are intact after the object wakes", async () => {
    const room = randomUUID();
    const a = await join(room, "sleeper", "&topic=public:night");
    const b = await join(room, "watcher");
    const aWelcome = await a.next((f) => f.kind === "welcome");
    expect((await a.call("rename", { name: "sleepy" })).payload).toMatchObject({ name: "sleepy" });
    const before = (await a.call("whoami")).payload;

    // workerd evicts an object 10 s after its last event when only hibernatable sockets hold it.
    // Whether it did can only be seen by waking it (a new instance id), so: stay idle past the
    // timeout, look once, and try again if the machine was slow, within a deadline. Heartbeats
    // go on all the while: answered by the runtime, they must not keep the object awake.
    let after: Frame = before;
    let pings = 0;
    const deadline = Date.now() + 60_000;
    while (after.instance === before.instance) {
      if (Date.now() > deadline) throw new Error("the object was never evicted within 60 s");
      for (const idleUntil = Date.now() + 11_000; Date.now() < idleUntil; ) {
        a.send("dorm:ping");
        pings++;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      after = (await a.call("whoami")).payload;
    }
    expect(a.raw.filter((text) => text === "dorm:pong")).toHaveLength(pings);
    expect(after).toEqual({ ...before, instance: after.instance });
    expect(after.data).toMatchObject({ name: "sleepy" });
    expect(after.topics).toEqual(["public:night"]);

    // Presence and broadcast work from the new instance: b still receives, and sees a as sleepy.
    const stats = (await b.call("stats")).payload;
    expect(stats.presence.map((p: Frame) => p.presence.name)).toEqual(["sleepy", "watcher"]);
    expect((await b.call("shout", { topic: "public:night", text: "wake up" })).payload).toEqual({ sent: 1 });
    await a.next((f) => f.type === "shouted" && f.payload.text === "wake up");
    await a.close(1000);
    expect(await b.next((f) => f.kind === "presence" && f.op === "leave")).toMatchObject({ id: aWelcome.id });
    await b.close();
  }, 90_000);
});
