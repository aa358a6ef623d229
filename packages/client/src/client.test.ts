import type { DurableObjectDefinition, EventType, StandardSchemaV1 } from "dorm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelay } from "./backoff.js";
import { connect as connectAny } from "./index.js";
import type { ClientOptions } from "./types.js";
import { applyPresence } from "./presence.js";
import { BoundedQueue } from "./queue.js";

// The client's state machine against a scripted socket and fake timers: every transition,
// without a server. (test/client.workerd.test.ts runs the same client against real workerd.)

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closedWith: [number | undefined, string | undefined] | null = null;
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  readonly url: string;
  constructor(url: string) {
    this.url = url;
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code?: number, reason?: string) {
    this.closedWith = [code, reason];
  }
  // Scripted server side:
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: typeof frame === "string" ? frame : JSON.stringify(frame) });
  }
  welcome(id = "conn-1", extra: Record<string, unknown> = {}) {
    this.open();
    this.receive({ v: 1, kind: "welcome", id, topics: [], ...extra });
  }
  drop(code = 1006, reason = "") {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  frames() {
    return this.sent.filter((s) => s.startsWith("{")).map((s) => JSON.parse(s));
  }
}

/** A definition's type as defineDurableObject would infer it: post takes a payload, a and slow none. */
type Def = DurableObjectDefinition<
  unknown,
  unknown,
  Record<never, never>,
  unknown,
  { name: string },
  { post: StandardSchemaV1<unknown>; a: unknown; slow: unknown },
  { post: { handler: () => unknown }; a: { handler: () => void }; slow: { handler: () => void } },
  { message: EventType<unknown>; other: EventType<unknown> }
>;
const connect = (url: string, opts?: ClientOptions) => connectAny<Def>(url, opts);

const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;
const options = { WebSocket: FakeSocket, random: () => 0.5, heartbeat: false as const, probe: false };

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("connect", () => {
  it("turns http URLs into ws ones and needs a WebSocket class where there is no global one", () => {
    connect("https://example.com/rooms/a/ws?x=1", options);
    expect(last().url).toBe("wss://example.com/rooms/a/ws?x=1");
    const g = globalThis as { WebSocket?: unknown };
    const saved = g.WebSocket;
    delete g.WebSocket;
    try {
      expect(() => connect("ws://x/")).toThrow(/DORM_NO_WEBSOCKET|no global WebSocket/);
    } finally {
      if (saved) g.WebSocket = saved;
    }
  });

  it("sends frames in the envelope, resolves calls with their reply, rejects with the error frame's code", async () => {
    const client = connect("ws://x/", options);
    last().welcome();
    expect(client.status).toBe("open");
    expect(client.id).toBe("conn-1");
    expect(client.send.post({ text: "hi" })).toBe(true);
    const reply = client.call.post({ text: "yo" });
    const refused = client.call.post({ text: "" });
    const [one, two, three] = last().frames();
    expect(one).toEqual({ v: 1, type: "post", payload: { text: "hi" } });
    expect(two).toEqual({ v: 1, type: "post", id: "c1", payload: { text: "yo" } });
    last().receive({ v: 1, kind: "reply", id: two.id, payload: { count: 2 } });
    last().receive({ v: 1, kind: "error", id: three.id, code: "DORM_INVALID_PAYLOAD", message: "bad", issues: [{ message: "too short", path: ["text"] }] });
    await expect(reply).resolves.toEqual({ count: 2 });
    await expect(refused).rejects.toMatchObject({ name: "ClientError", code: "DORM_INVALID_PAYLOAD", issues: [{ path: ["text"] }] });
  });

  it("routes events to their listeners, unmatched error frames to onError, and keeps presence", () => {
    const client = connect("ws://x/", options);
    const seen: unknown[] = [];
    const errors: string[] = [];
    const stop = client.on("message", (payload) => seen.push(payload));
    client.onError((e) => errors.push(e.code));
    last().welcome("me", { presence: [{ id: "me", presence: { name: "a" } }] });
    last().receive({ v: 1, kind: "event", type: "message", payload: 1 });
    last().receive({ v: 1, kind: "event", type: "other", payload: 2 });
    stop();
    last().receive({ v: 1, kind: "event", type: "message", payload: 3 });
    last().receive({ v: 1, kind: "error", code: "DORM_RATE_LIMITED", message: "slow down", retryAfterMs: 10 });
    last().receive({ v: 1, kind: "presence", op: "join", id: "b", presence: { name: "b" } });
    last().receive({ v: 1, kind: "presence", op: "update", id: "me", presence: { name: "A" } });
    expect(seen).toEqual([1]);
    expect(errors).toEqual(["DORM_RATE_LIMITED"]);
    expect(client.presence).toEqual([{ id: "me", presence: { name: "A" } }, { id: "b", presence: { name: "b" } }]);
  });
});

describe("offline and reconnecting", () => {
  it("queues while offline, reconnects with backoff, re-subscribes, then flushes in order", async () => {
    const client = connect("ws://x/", options);
    const statuses: string[] = [];
    client.onStatus((s) => statuses.push(s));
    last().welcome("one");
    const subscribed = client.subscribe("news");
    last().receive({ v: 1, kind: "reply", id: last().frames()[0].id, payload: { topic: "news" } });
    await subscribed;

    last().drop(1006);
    expect(client.status).toBe("reconnecting");
    for (let i = 0; i < 5; i++) client.send.post({ n: i });
    const pending = client.call.post({ n: 5 });
    expect(FakeSocket.all).toHaveLength(1);
    // First retry after the backoff: 250 ms base, equal jitter at random() = 0.5 → 188 ms.
    vi.advanceTimersByTime(187);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    last().drop(1006); // the server is still down: back off further
    vi.advanceTimersByTime(backoffDelay(1, {}, () => 0.5));
    expect(FakeSocket.all).toHaveLength(3);
    last().welcome("two");
    const frames = last().frames();
    expect(frames[0]).toEqual({ v: 1, type: "$subscribe", payload: { topic: "news" } });
    expect(frames.slice(1).map((f) => f.payload.n)).toEqual([0, 1, 2, 3, 4, 5]);
    last().receive({ v: 1, kind: "reply", id: frames[6].id, payload: "ok" });
    await expect(pending).resolves.toBe("ok");
    expect(client.id).toBe("two");
    expect(statuses).toEqual(["open", "reconnecting", "open"]);
  });

  it("rejects calls on the wire when the connection drops (their fate is unknown), keeps unsent ones", async () => {
    const client = connect("ws://x/", options);
    last().welcome();
    const onTheWire = client.call.post({ a: 1 });
    last().drop(1006);
    const queued = client.call.post({ a: 2 });
    await expect(onTheWire).rejects.toMatchObject({ code: "DORM_DISCONNECTED" });
    vi.advanceTimersByTime(1_000);
    last().welcome("two");
    const frame = last().frames()[0];
    expect(frame.payload).toEqual({ a: 2 });
    last().receive({ v: 1, kind: "reply", id: frame.id, payload: 2 });
    await expect(queued).resolves.toBe(2);
  });

  it("a bounded queue: sends beyond it are dropped (false), calls rejected with DORM_QUEUE_FULL", async () => {
    const client = connect("ws://x/", { ...options, queueSize: 2 });
    expect(client.send.a()).toBe(true);
    expect(client.send.a()).toBe(true);
    expect(client.send.a()).toBe(false);
    await expect(client.call.a()).rejects.toMatchObject({ code: "DORM_QUEUE_FULL" });
  });

  it("a call made offline waits for the connection, however long; its timeout runs from when it is sent", async () => {
    const client = connect("ws://x/", { ...options, timeoutMs: 1_000 });
    last().welcome();
    last().drop();
    // Offline for far longer than the timeout (the server is down; each attempt fails).
    const call = client.call.post({ text: "typed while offline" });
    let settled = false;
    void call.then(() => (settled = true), () => (settled = true));
    for (let i = 0; i < 30; i++) {
      vi.advanceTimersByTime(1_000);
      last().drop();
      await Promise.resolve();
    }
    expect(settled).toBe(false);
    expect(client.status).toBe("reconnecting");
    // Back: sent first thing, then answered.
    await vi.advanceTimersByTimeAsync(10_000);
    last().welcome("conn-2");
    const [frame] = last().frames();
    expect(frame).toMatchObject({ type: "post", payload: { text: "typed while offline" } });
    last().receive({ v: 1, kind: "reply", id: frame.id, payload: "saved" });
    await expect(call).resolves.toBe("saved");

    // Sent and unanswered: the timeout, counted from the send.
    const slow = client.call.slow(undefined, { timeoutMs: 500 });
    vi.advanceTimersByTime(499);
    let late = false;
    void slow.catch(() => (late = true));
    await Promise.resolve();
    expect(late).toBe(false);
    vi.advanceTimersByTime(1);
    await expect(slow).rejects.toMatchObject({ code: "DORM_TIMEOUT", message: "slow: no reply within 500 ms of sending it; it may still have been handled." });
  });

  it("close() rejects calls still queued, with DORM_CLOSED", async () => {
    const client = connect("ws://x/", options);
    const call = client.call.slow();
    client.close();
    await expect(call).rejects.toMatchObject({ code: "DORM_CLOSED", message: expect.stringContaining("close() was called") });
  });

  it("does not retry after close codes 4401/4403, nor after reconnect: false or maxAttempts", () => {
    for (const code of [4401, 4403]) {
      const client = connect("ws://x/", options);
      const details: unknown[] = [];
      client.onStatus((status, detail) => details.push([status, detail]));
      last().welcome();
      last().drop(code, "no");
      vi.advanceTimersByTime(60_000);
      expect(client.status).toBe("closed");
      expect(details).toEqual([["open", undefined], ["closed", { code, reason: "no" }]]);
    }
    const count = FakeSocket.all.length;
    const once = connect("ws://x/", { ...options, reconnect: { maxAttempts: 2 } });
    last().drop();
    vi.advanceTimersByTime(60_000);
    last().drop();
    vi.advanceTimersByTime(60_000);
    last().drop();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all.length - count).toBe(3);
    expect(once.status).toBe("closed");
  });

  it("asks the server (probe) why a handshake failed: 401 and 403 end the client, anything else retries", async () => {
    for (const [status, final] of [[401, "closed"], [403, "closed"], [503, "reconnecting"]] as const) {
      const probes: string[] = [];
      const client = connect("ws://x/room?token=1", {
        ...options,
        probe: true,
        fetch: async (url: string, init: { headers: Record<string, string> }) => {
          probes.push(`${url} ${JSON.stringify(init.headers)}`);
          return { status };
        },
      });
      last().drop(1006); // never opened
      await vi.advanceTimersByTimeAsync(0);
      expect(probes).toEqual([`http://x/room?token=1 {"x-dorm-probe":"1"}`]);
      expect(client.status).toBe(final);
      client.close();
    }
  });

  it("a refusal's message reaches onStatus, for the page to say why", async () => {
    const client = connect("ws://x/rooms/staff-ops/ws", {
      ...options,
      probe: true,
      fetch: async () => ({ status: 401, json: async () => ({ error: { code: "HTTP_401", message: "staff rooms need ?key=" } }) }),
    });
    const details: unknown[] = [];
    client.onStatus((status, detail) => details.push([status, detail]));
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(0);
    expect(details).toEqual([["closed", { code: 1006, reason: "", status: 401, message: "staff rooms need ?key=" }]]);
  });

  it("a refusal it retries (503) reaches onStatus on every attempt, with reconnecting; the client keeps trying", async () => {
    const client = connect("ws://x/rooms/staff-ops/ws", {
      ...options,
      probe: true,
      reconnect: { baseMs: 100, maxMs: 100 },
      fetch: async () => ({ status: 503, json: async () => ({ error: { code: "HTTP_503", message: "staff rooms are off" } }) }),
    });
    const details: unknown[] = [];
    client.onStatus((status, detail) => details.push([status, detail]));
    const before = FakeSocket.all.length;
    for (let attempt = 0; attempt < 2; attempt++) {
      last().drop(1006);
      await vi.advanceTimersByTimeAsync(100);
    }
    const refused = ["reconnecting", { code: 1006, reason: "", status: 503, message: "staff rooms are off" }];
    expect(details).toEqual([refused, refused]);
    expect(FakeSocket.all.length - before).toBe(2); // two new attempts after the two refusals
    expect(client.status).toBe("reconnecting");
    client.close();
  });

  it("close() from a status listener ends the client: no attempt is left scheduled", async () => {
    const client = connect("ws://x/rooms/staff-ops/ws", {
      ...options,
      probe: true,
      fetch: async () => ({ status: 503 }),
    });
    const statuses: string[] = [];
    client.onStatus((status, detail) => {
      statuses.push(status);
      if (status === "reconnecting" && detail?.status === 503) client.close();
    });
    const before = FakeSocket.all.length;
    last().drop(1006);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all.length).toBe(before);
    expect(statuses).toEqual(["reconnecting", "closed"]);
    expect(client.status).toBe("closed");
  });

  it("close() from a listener of open: nothing more is sent", async () => {
    const client = connect("ws://x/", options);
    const subscribed = client.subscribe("news"); // waits for the connection
    client.onStatus((status) => status === "open" && client.close());
    const socket = last();
    socket.welcome();
    expect(socket.sent).toEqual([]); // no subscribe frame after close()
    expect(socket.closedWith).toEqual([1000, ""]);
    expect(client.status).toBe("closed");
    await expect(subscribed).rejects.toMatchObject({ code: "DORM_CLOSED" });
  });

  it("heartbeat: pings after a quiet interval; no answer in time means a dead connection, and it reconnects", () => {
    const client = connect("ws://x/", { ...options, heartbeat: { intervalMs: 1_000, timeoutMs: 500 } });
    last().welcome();
    const pings = () => last().sent.filter((s) => s === "dorm:ping").length;
    vi.advanceTimersByTime(900);
    last().receive({ v: 1, kind: "event", type: "x" }); // traffic keeps it quiet
    vi.advanceTimersByTime(900);
    expect(pings()).toBe(0);
    vi.advanceTimersByTime(300);
    expect(pings()).toBe(1);
    last().receive("dorm:pong"); // at 2,100 ms; the next check (2,125) sees it
    vi.advanceTimersByTime(600);
    expect(client.status).toBe("open");
    const first = last();
    vi.advanceTimersByTime(425); // 3,125 ms: quiet for 1,000 ms again, a second ping, and this time no pong
    expect(pings()).toBe(2);
    expect(first.closedWith).toBeNull();
    vi.advanceTimersByTime(500);
    expect(first.closedWith).toEqual([4000, "heartbeat timeout"]);
    expect(client.status).toBe("reconnecting");
    vi.advanceTimersByTime(1_000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it("close(): final; waiting calls reject, nothing reconnects, ready() rejects", async () => {
    const client = connect("ws://x/", options);
    const waiting = client.call.a();
    const ready = client.ready();
    client.close();
    await expect(waiting).rejects.toMatchObject({ code: "DORM_CLOSED" });
    await expect(ready).rejects.toMatchObject({ code: "DORM_CLOSED", message: expect.stringContaining("close() was called") });
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(client.send.a()).toBe(false);
  });
});

describe("pieces", () => {
  it("backoff: exponential, capped, jittered between half and all of the step", () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, {}, () => 0))).toEqual([125, 250, 500, 1000]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, {}, () => 1))).toEqual([250, 500, 1000, 2000]);
    expect(backoffDelay(50, { maxMs: 3000 }, () => 1)).toBe(3000);
  });

  it("queue: FIFO, bounded", () => {
    const q = new BoundedQueue<number>(2);
    expect([q.push(1), q.push(2), q.push(3)]).toEqual([true, true, false]);
    expect(q.drain()).toEqual([1, 2]);
    expect(q.size).toBe(0);
    expect(q.push(4)).toBe(true);
  });

  it("presence: join replaces a stale entry, leave removes", () => {
    let list = applyPresence<string>([], { v: 1, kind: "presence", op: "join", id: "a", presence: "x" });
    list = applyPresence(list, { v: 1, kind: "presence", op: "join", id: "a", presence: "y" });
    expect(list).toEqual([{ id: "a", presence: "y" }]);
    expect(applyPresence(list, { v: 1, kind: "presence", op: "leave", id: "a" })).toEqual([]);
  });
});
