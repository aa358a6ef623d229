import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { getShardedStub, shardFor, shardMoves, shardName } from "dorm/sharding";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { miniflareOptions } from "../../../packages/build/src/local.js";
import type { ShardMode } from "../app/objects/_protocol.js";
import { ChatClient } from "./client.js";
import { runCli } from "../../../packages/build/test/temp-app.js";
import { TEST_SECRETS } from "./secrets.js";

const APP = fileURLToPath(new URL("..", import.meta.url));
const REPO = join(APP, "../..");
const SHARDS = 8;
const persistRoot = join(REPO, ".tmp/persist", randomUUID());

interface Started {
  mf: Miniflare;
  base: URL;
  /** The ROOM binding itself, as Node sees it through miniflare. */
  rooms: Awaited<ReturnType<Miniflare["getDurableObjectNamespace"]>>;
  setMode(shard: number, mode: ShardMode): Promise<void>;
}

/** The built app on workerd, listening on a free port, with the test's ADMIN_KEY; `vars` override wrangler.jsonc's. */
async function start(vars: Record<string, string> = {}, persistTo?: string): Promise<Started> {
  const options = await miniflareOptions(APP, { port: 0, host: "127.0.0.1", bindings: { ...TEST_SECRETS, ...vars }, ...(persistTo ? { persistTo } : {}) });
  const mf = new Miniflare(options);
  const base = await mf.ready;
  const rooms = await mf.getDurableObjectNamespace("ROOM");
  return {
    mf,
    base,
    rooms,
    // Straight to the shard object by its documented name ("shard:3"), as an operator would.
    setMode: async (shard, mode) => {
      const stub = rooms.get(rooms.idFromName(shardName(shard))) as unknown as { setMode(mode: ShardMode): Promise<ShardMode> };
      expect(await stub.setMode(mode)).toBe(mode);
    },
  };
}

/** Operators' requests carry the admin key; a room's routes need none, and ignore it. */
const admin = { authorization: `Bearer ${TEST_SECRETS.ADMIN_KEY}` };
const post = (base: URL, path: string, body: unknown) =>
  fetch(new URL(path, base), { method: "POST", headers: { "content-type": "application/json", ...admin }, body: JSON.stringify(body) });

/** Rooms named room-0, room-1, … until every shard hosts at least `perShard` of them. */
function roomsCoveringShards(shards: number, perShard: number): string[] {
  const count = new Array<number>(shards).fill(0);
  const rooms: string[] = [];
  for (let i = 0; count.some((c) => c < perShard); i++) {
    const room = `room-${i}`;
    const shard = shardFor(room, shards);
    if (count[shard]! < perShard) {
      count[shard]!++;
      rooms.push(room);
    }
  }
  return rooms;
}

interface AnnounceResponse {
  id: string;
  shards: number;
  delivered: number;
  failed: number[];
  results: { shard: number; ok: boolean; timedOut?: boolean; error?: string; value?: { shard: string; sent: number } }[];
}

beforeAll(() => {
  // Built with the CLI, as a user would.
  const run = runCli(["build", "--root", APP]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
});

afterAll(() => rm(persistRoot, { recursive: true, force: true }));

describe("sharded-rooms fixture in workerd, 8 shards", () => {
  it("routes rooms to shards, keeps chat in its room, federates announcements, reports a failing and a hanging shard", async () => {
    // The hanging shard sleeps 10 s. A 1.5 s deadline reports it without waiting that long, and
    // leaves healthy shards ample time on a loaded machine.
    const { mf, base, rooms: namespace, setMode } = await start({ ANNOUNCE_TIMEOUT_MS: "1500" });
    const clients: { room: string; shard: number; user: string; client: ChatClient }[] = [];
    try {
      // 16 rooms, 2 per shard, 2 clients per room: 32 WebSockets over 8 shard objects.
      const rooms = roomsCoveringShards(SHARDS, 2);
      expect(rooms).toHaveLength(16);
      for (const room of rooms) {
        for (const user of ["ada", "bob"]) {
          const client = await ChatClient.connect(base, room, user);
          clients.push({ room, shard: shardFor(room, SHARDS), user, client });
        }
      }
      // Routing inside workerd agrees with shardFor in Node: each welcome names the expected shard.
      for (const { room, shard, client } of clients) {
        expect(await client.next()).toEqual({ type: "welcome", room, shard: shardName(shard), history: [] });
      }
      const view = (await (await fetch(new URL("/shards", base), { headers: admin })).json()) as { shard: number; value: { shard: string; connections: number } }[];
      expect(view.map((s) => s.value.connections)).toEqual(new Array(SHARDS).fill(4));
      const roomInfo = (await (await fetch(new URL(`/rooms/${rooms[0]}`, base))).json()) as { shard: number };
      expect(roomInfo.shard).toBe(shardFor(rooms[0]!, SHARDS));
      // getShardedStub on the raw binding reaches the same object the worker routed to.
      const raw = getShardedStub(namespace, rooms[0]!, SHARDS) as unknown as { info(): Promise<{ shard: string; rooms: Record<string, number> }> };
      expect(await raw.info()).toMatchObject({ shard: shardName(roomInfo.shard), rooms: { [rooms[0]!]: 2 } });

      // Chat stays in its room, even with another room on the same shard.
      const [a, b] = clients.filter((c) => c.room === rooms[0]);
      a!.client.say("hello room");
      for (const c of [a!, b!]) expect(await c.client.next()).toMatchObject({ type: "message", room: rooms[0], from: "ada", text: "hello room" });

      // 1. Every shard up: one announcement reaches all 32 clients.
      const first = await post(base, "/announce", { text: "maintenance at noon" });
      expect(first.status).toBe(200);
      const all = (await first.json()) as AnnounceResponse;
      expect(all).toMatchObject({ shards: SHARDS, delivered: 32, failed: [] });
      expect(all.results.map((r) => r.value?.shard)).toEqual([...Array(SHARDS).keys()].map((i) => shardName(i)));
      // The other clients' first frame after the welcome is this announcement: room-0's chat did not leak.
      for (const { client } of clients) expect(await client.next()).toEqual({ type: "announcement", id: all.id, text: "maintenance at noon" });

      // 2. Shard 3 fails: the 7 others deliver, and the result names shard 3 and why.
      await setMode(3, "fail");
      const second = await post(base, "/announce", { text: "second" });
      expect(second.status).toBe(207);
      const partial = (await second.json()) as AnnounceResponse;
      expect(partial.failed).toEqual([3]);
      expect(partial.delivered).toBe(28);
      expect(partial.results[3]).toMatchObject({ shard: 3, ok: false, timedOut: false });
      expect(partial.results[3]!.error).toContain('shard shard:3 is failing (mode "fail"');
      for (const { shard, client } of clients) {
        if (shard !== 3) expect(await client.next()).toEqual({ type: "announcement", id: partial.id, text: "second" });
      }

      // 3. Shard 6 hangs: it is reported as a timeout, and the others (3 is back) deliver. For
      // shard 3's clients this is the next frame: "second" never reached them.
      await setMode(3, "ok");
      await setMode(6, "slow");
      const third = await post(base, "/announce", { text: "third" });
      expect(third.status).toBe(207);
      const timedOut = (await third.json()) as AnnounceResponse;
      expect(timedOut.failed).toEqual([6]);
      expect(timedOut.results[6]).toMatchObject({ shard: 6, ok: false, timedOut: true });
      expect(timedOut.results[6]!.error).toMatch(/DORM_FEDERATE_TIMEOUT.*shard 6 did not answer within 1500 ms/);
      for (const { shard, client } of clients) {
        if (shard !== 6) expect(await client.next()).toEqual({ type: "announcement", id: timedOut.id, text: "third" });
      }

      // Shard 3 is healthy again: a message posted over HTTP reaches its room's sockets.
      const on3 = clients.filter((c) => c.shard === 3);
      const say = await post(base, `/rooms/${on3[0]!.room}/messages`, { from: "ops", text: "are you there?" });
      expect(say.status).toBe(201);
      for (const c of on3.filter((c) => c.room === on3[0]!.room)) {
        expect(await c.client.next()).toMatchObject({ type: "message", from: "ops", text: "are you there?" });
      }
    } finally {
      for (const { client } of clients) client.close();
      await mf.dispose();
    }
  });

  it("bad requests get clear errors", async () => {
    const { mf, base } = await start();
    try {
      const badRoom = await fetch(new URL("/rooms/no%20spaces", base));
      expect(badRoom.status).toBe(400);
      expect(await badRoom.json()).toMatchObject({ error: { code: "BAD_ROOM" } });
      const noText = await post(base, "/announce", { text: "" });
      expect(noText.status).toBe(400);
      expect(await noText.json()).toMatchObject({ error: { code: "BAD_TEXT" } });
      const notUpgrade = await fetch(new URL("/rooms/lobby/ws", base));
      expect(notUpgrade.status).toBe(426);
      await notUpgrade.arrayBuffer();
      // A broken %-sequence in a room name is a 400, not a crash.
      const broken = await fetch(new URL("/rooms/%E0%A4%A", base));
      expect(broken.status).toBe(400);
      await broken.arrayBuffer();
      // The operators' routes refuse anonymous callers and wrong keys before any shard is asked.
      for (const [path, method] of [["/announce", "POST"], ["/shards", "GET"], ["/admin/reshard?from=300", "POST"]] as const) {
        for (const headers of [{}, { authorization: "Bearer guess" }] as Record<string, string>[]) {
          const refused = await fetch(new URL(path, base), { method, headers, ...(method === "POST" ? { body: JSON.stringify({ text: "spam" }) } : {}) });
          expect(refused.status).toBe(401);
          expect(await refused.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
        }
      }
    } finally {
      await mf.dispose();
    }
  });

  it("resharding 8 → 9: the rooms shardMoves names move to shard 8 with their history; nothing is lost", async () => {
    const persistTo = join(persistRoot, "reshard");
    const rooms = Array.from({ length: 60 }, (_, i) => `hall-${i}`);
    let { mf, base } = await start({}, persistTo);
    try {
      for (const room of rooms) expect((await post(base, `/rooms/${room}/messages`, { from: "ada", text: `in ${room}` })).status).toBe(201);
      await mf.dispose();

      // Same storage, one more shard. Before resharding, a moved room is looked up on its new
      // shard, which does not have its history yet.
      ({ mf, base } = await start({ SHARDS: "9" }, persistTo));
      const moving = rooms.filter((room) => shardMoves(room, 8, 9).moved);
      expect(moving.length).toBeGreaterThan(0);
      const before = (await (await fetch(new URL(`/rooms/${moving[0]}`, base))).json()) as { shard: number; history: unknown[] };
      expect(before).toMatchObject({ shard: 8, history: [] });

      const run = await post(base, "/admin/reshard?from=8", {});
      expect(run.status).toBe(200);
      const report = (await run.json()) as { scanned: number; moved: number; ok: boolean; batches: { from: number; to: number; keys: string[] }[] };
      expect(report).toMatchObject({ scanned: 60, moved: moving.length, ok: true });
      expect(report.batches.flatMap((b) => b.keys).sort()).toEqual([...moving].sort());
      expect(report.batches.every((b) => b.to === 8)).toBe(true);

      for (const room of rooms) {
        const info = (await (await fetch(new URL(`/rooms/${room}`, base))).json()) as { shard: number; history: { text: string }[] };
        expect(info.shard).toBe(shardFor(room, 9));
        expect(info.history.map((m) => m.text)).toEqual([`in ${room}`]);
      }
      // Running it again (as after a partial failure) finds nothing left on shards 0–7 to move.
      expect(await (await post(base, "/admin/reshard?from=8", {})).json()).toMatchObject({ scanned: 60 - moving.length, moved: 0, ok: true });
    } finally {
      await mf.dispose();
    }
  });
});
