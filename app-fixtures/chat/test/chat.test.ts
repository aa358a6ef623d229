import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connect, type DormClient } from "@dorm/client";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { miniflareOptions } from "../../../packages/build/src/local.js";
import { until } from "../../../packages/dorm/test/until.js";
import type Room from "../app/objects/room.js";
import type { ChatMessage, HistoryPage } from "../app/objects/room.js";
import { runCli } from "../../../packages/build/test/temp-app.js";
import { TEST_SECRETS } from "./secrets.js";

// The chat example in workerd, driven by @dorm/client from Node (with `ws`), as a browser would.
const APP = fileURLToPath(new URL("..", import.meta.url));
let mf: Miniflare;
let base: string;

/**
 * The load test's size. By default 40 clients × 25 messages (1,000 messages, 10,000 deliveries:
 * seconds). `npm run test:load` sets DORM_CHAT_LOAD=full: 200 clients × 50 messages = 10,000
 * messages, 500,000 deliveries, which takes 30-45 s on a 2-core machine (about 40 µs of workerd
 * CPU per delivered frame locally: docs/benchmarks.md), too long for every `npm test`.
 */
const LOAD = process.env.DORM_CHAT_LOAD === "full" ? { clients: 200, each: 50, deadlineMs: 300_000 } : { clients: 40, each: 25, deadlineMs: 60_000 };

type Chat = DormClient<typeof Room>;
const join_ = (room: string, name: string, query = ""): Chat =>
  connect<typeof Room>(`${base}rooms/${room}/ws?name=${encodeURIComponent(name)}${query}`, { WebSocket, reconnect: { baseMs: 100 } });

/** Wait until a condition on what the clients received holds (polled with a deadline). */
const settled = (what: string, ready: () => boolean, ms = 60_000) =>
  until(async () => ready(), Boolean, ms).catch(() => {
    throw new Error(`timed out after ${ms} ms waiting for ${what}`);
  });

beforeAll(async () => {
  const run = runCli(["build", "--root", APP]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  mf = new Miniflare({ ...(await miniflareOptions(APP, { bindings: TEST_SECRETS })), port: 0 });
  base = (await mf.ready).href;
});
afterAll(() => mf?.dispose());

describe("chat fixture in workerd", () => {
  it(`${LOAD.clients} clients in 4 rooms exchange ${(LOAD.clients * LOAD.each).toLocaleString("en-US")} messages: each delivered exactly once to every member of its room, to no one else`, async () => {
    const rooms = Array.from({ length: 4 }, () => `load-${randomUUID().slice(0, 8)}`);
    const PER_ROOM = LOAD.clients / 4;
    const EACH = LOAD.each;
    const clients = rooms.flatMap((room, r) =>
      Array.from({ length: PER_ROOM }, (_, i) => {
        const client = join_(room, `u${r}-${i}`);
        const received: string[] = [];
        client.on("message", (m) => received.push(m.text));
        return { room, name: `u${r}-${i}`, client, received };
      }),
    );
    try {
      await Promise.all(clients.map((c) => c.client.ready()));
      await settled(`every client to see its room's ${PER_ROOM} members`, () => clients.every((c) => c.client.presence.length === PER_ROOM));

      for (let n = 0; n < EACH; n++) for (const c of clients) expect(c.client.send.post({ text: `${c.name}#${n}` })).toBe(true);
      const expected = PER_ROOM * EACH;
      await settled(`every client to receive its room's ${expected} messages`, () => clients.every((c) => c.received.length >= expected), LOAD.deadlineMs);

      const sentBy = new Map(rooms.map((room) => [room, new Set(clients.filter((c) => c.room === room).flatMap((c) => Array.from({ length: EACH }, (_, n) => `${c.name}#${n}`)))]));
      for (const c of clients) {
        const got = new Set(c.received);
        expect(c.received.length, `${c.name} got duplicates`).toBe(got.size);
        expect(got, `${c.name} got exactly its room's messages`).toEqual(sentBy.get(c.room));
        // Each sender's messages arrive in the order it sent them.
        const own = c.received.filter((t) => t.startsWith(`${c.name}#`)).map((t) => Number(t.split("#")[1]));
        expect(own).toEqual([...own].sort((a, b) => a - b));
      }
      const stats = await Promise.all(rooms.map((room) => mf.dispatchFetch(`http://x/rooms/${room}/who`).then((r) => r.json() as Promise<{ people: string[] }>)));
      expect(stats.map((s) => s.people.length)).toEqual([PER_ROOM, PER_ROOM, PER_ROOM, PER_ROOM]);
    } finally {
      for (const c of clients) c.client.close();
    }
  }, LOAD.deadlineMs + 60_000);

  it("history keeps the last 100 messages and pages through them, over WebSocket and REST", async () => {
    const room = `history-${randomUUID().slice(0, 8)}`;
    // Three writers taking turns: one alone would hit the room's rate limit (burst 60).
    const writers = ["w1", "w2", "w3"].map((name) => join_(room, name));
    const writer = writers[0]!;
    try {
      await Promise.all(writers.map((w) => w.ready()));
      for (let i = 1; i <= 130; i++) await writers[i % 3]!.call.post({ text: `m${i}` });
      const pages: HistoryPage[] = [];
      let before: number | undefined;
      do {
        const page = await writer.call.history(before === undefined ? { limit: 30 } : { before, limit: 30 });
        pages.push(page);
        before = page.messages[0]?.id;
      } while (pages.at(-1)!.more);
      expect(pages.map((p) => p.messages.length)).toEqual([30, 30, 30, 10]);
      const texts = pages.reverse().flatMap((p) => p.messages.map((m) => m.text));
      expect(texts).toEqual(Array.from({ length: 100 }, (_, i) => `m${i + 31}`));

      const rest = (await (await mf.dispatchFetch(`http://x/rooms/${room}/history?limit=5`)).json()) as HistoryPage;
      expect(rest.messages.map((m: ChatMessage) => m.text)).toEqual(["m126", "m127", "m128", "m129", "m130"]);
      expect(rest.more).toBe(true);
      expect((await mf.dispatchFetch(`http://x/rooms/${room}/history?before=x`)).status).toBe(400);
      await expect(writer.call.history({ limit: 500 })).rejects.toMatchObject({ code: "DORM_INVALID_PAYLOAD" });
      // Over RPC (methods are not reachable from sockets): all 130 counted, 3 writers connected.
      const ns = await mf.getDurableObjectNamespace("ROOM");
      const stub = ns.get(ns.idFromName(room)) as unknown as { stats(): Promise<{ posted: number; connections: number }> };
      expect(await stub.stats()).toEqual({ posted: 130, connections: 3 });
    } finally {
      for (const w of writers) w.close();
    }
  });

  it("join and leave update presence; typing reaches the others, not the typist", async () => {
    const room = `presence-${randomUUID().slice(0, 8)}`;
    const ann = join_(room, "ann");
    await ann.ready();
    const bob = join_(room, "bob");
    await bob.ready();
    try {
      await settled("ann to see bob", () => ann.presence.length === 2);
      expect(ann.presence.map((p) => p.presence.name)).toEqual(["ann", "bob"]);
      const annTyping: unknown[] = [];
      const bobTyping: unknown[] = [];
      ann.on("typing", (t) => annTyping.push(t));
      bob.on("typing", (t) => bobTyping.push(t));
      bob.send.typing({ typing: true });
      await settled("ann to see bob typing", () => annTyping.length === 1);
      expect(annTyping).toEqual([{ id: bob.id, name: "bob", typing: true }]);
      await bob.call.post({ text: "done typing" });
      expect(bobTyping).toEqual([]);
      bob.close();
      await settled("ann to see bob leave", () => ann.presence.length === 1);
      expect(ann.presence).toEqual([{ id: ann.id, presence: { name: "ann" } }]);
    } finally {
      ann.close();
      bob.close();
    }
  });

  it("connect refuses: a bad name (400), a staff room without its key (401) or with a wrong one (403)", async () => {
    const status = async (path: string) => (await mf.dispatchFetch(`http://x${path}`, { headers: { Upgrade: "websocket" } })).status;
    expect(await status("/rooms/lobby/ws")).toBe(400);
    expect(await status("/rooms/lobby/ws?name=%20")).toBe(400);
    expect(await status("/rooms/staff-ops/ws?name=eve")).toBe(401);
    expect(await status("/rooms/staff-ops/ws?name=eve&key=guess")).toBe(403);
    expect(await status("/rooms/bad%20room!/ws?name=eve")).toBe(400);
    const staff = join_("staff-ops", "sam", `&key=${TEST_SECRETS.STAFF_KEY}`);
    await staff.ready();
    staff.close();
    // The client stops at a 401 instead of retrying, and says why.
    const eve = join_("staff-ops", "eve");
    await expect(eve.ready()).rejects.toMatchObject({ code: "DORM_CLOSED", message: expect.stringContaining("(401)") });
  });

  it("a staff room's history and people are behind the socket's key over HTTP too: 401 without it, 403 with a wrong one", async () => {
    const room = `staff-${randomUUID().slice(0, 8)}`;
    const sam = join_(room, "sam", `&key=${TEST_SECRETS.STAFF_KEY}`);
    try {
      await sam.ready();
      await sam.call.post({ text: "the launch code is 0000" });
      for (const route of ["history", "who"]) {
        const get = (query: string) => mf.dispatchFetch(`http://x/rooms/${room}/${route}${query}`);
        const anonymous = await get("");
        expect(anonymous.status).toBe(401);
        const body = await anonymous.text();
        expect(body).not.toContain("launch code");
        expect(body).not.toContain("sam");
        const wrong = await get("?key=guess");
        expect(wrong.status).toBe(403);
        await wrong.text();
        const right = await get(`?key=${TEST_SECRETS.STAFF_KEY}`);
        expect(right.status).toBe(200);
        expect(await right.text()).toContain(route === "history" ? "launch code" : "sam");
      }
    } finally {
      sam.close();
    }
  });

  it("serves the page and its script", async () => {
    const page = await mf.dispatchFetch("http://x/");
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain(`<script type="module" src="/app.js">`);
    const script = await mf.dispatchFetch("http://x/app.js");
    expect(script.headers.get("content-type")).toContain("text/javascript");
    const code = await script.text();
    expect(code).toContain("dorm:ping"); // @dorm/client is bundled in
    expect(code).not.toMatch(/^import /m);
  });
});
