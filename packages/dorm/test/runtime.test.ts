import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../build/src/build.js";
import { miniflareOptions } from "../../build/src/local.js";

// The runtime in real workerd: a small app (test/app) built by dorm, driven over RPC and HTTP.
const APP = fileURLToPath(new URL("./app/", import.meta.url));
let mf: Miniflare;

type Stub = Record<string, (...args: unknown[]) => Promise<unknown>>;
async function stub(binding: string, name: string): Promise<Stub> {
  const ns = await mf.getDurableObjectNamespace(binding);
  return ns.get(ns.idFromName(name)) as unknown as Stub;
}

beforeAll(async () => {
  await buildApp(APP);
  mf = new Miniflare(await miniflareOptions(APP));
});
afterAll(() => mf?.dispose());

describe("ctx.storage", () => {
  it("get/put/delete single and batch, list with prefix/start/end/reverse/limit; dorm's keys stay hidden", async () => {
    const kitchen = await stub("KITCHEN", randomUUID());
    expect(await kitchen.putAndList!()).toEqual({
      all: ["a", "b", "c", "p:1", "p:2"],
      limited: ["a", "b"],
      reversed: ["p:2", "p:1"],
      prefixed: [
        ["p:1", "x"],
        ["p:2", "y"],
      ],
      range: ["b", "c"],
      batch: { a: 1, c: 3 },
      one: 2,
      deletedOne: true,
      deletedMany: 2,
    });
    expect(await kitchen.reservedKey!()).toContain("DORM_RESERVED_KEY");
  });

  it("transaction commits, or rolls back on throw", async () => {
    const kitchen = await stub("KITCHEN", randomUUID());
    expect(await kitchen.transfer!(false)).toEqual({ from: 5, to: 5 });
    expect(await kitchen.transfer!(true)).toEqual({ from: 10, to: 0 });
  });

  it("deleteAll removes everything, and init runs again", async () => {
    const kitchen = await stub("KITCHEN", randomUUID());
    expect(await kitchen.bumpState!()).toBe(101);
    expect(await kitchen.wipe!()).toEqual({ state: { inits: 1 }, keys: [] });
  });
});

describe("ctx.sql", () => {
  it("exec with bound parameters, prepare().bind().all/first/run", async () => {
    const kitchen = await stub("KITCHEN", randomUUID());
    expect(await kitchen.sql!("hello")).toEqual({ rows: [{ id: 1, text: "hello" }], count: 1, rowsWritten: 1 });
    expect(await kitchen.sql!("again")).toMatchObject({ rows: [{ id: 2, text: "again" }], count: 2 });
  });

  it("an object with storage: \"kv\" gets a clear error, and its state still persists", async () => {
    const kv = await stub("KV_STORE", randomUUID());
    expect(await kv.trySql!()).toContain("DORM_NO_SQL");
    expect(await kv.hit!()).toBe(1);
    expect(await kv.hit!()).toBe(2);
  });
});

describe("state and init", () => {
  it("init runs once under concurrent first calls", async () => {
    const slow = await stub("SLOW_INIT", randomUUID());
    const results = await Promise.all(Array.from({ length: 20 }, () => slow.runs!()));
    expect(new Set(results)).toEqual(new Set([1]));
  });

  it("ctx.name is the name the object was addressed by", async () => {
    expect(await (await stub("KITCHEN", "named-one")).whoAmI!()).toBe("named-one");
  });
});

describe("durableObjects and bindings(env) from a worker", () => {
  it("get by name or id, idFromName, idFromString, newUniqueId, getByName, namespace; unknown objects explain", async () => {
    const body = (await (await mf.dispatchFetch("http://localhost/accessors")).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ byName: "by-name", byId: "by-id", viaEnv: "via-env", sameNamespace: true });
    // An object made by newUniqueId() has no name: ctx.name is its id.
    expect(body.fromHex).toBe(body.uniqueHex);
    expect(body.unknown).toContain("DORM_UNKNOWN_OBJECT");
    expect(body.unknown).toMatch(/known: [^)]*kitchen/);
  });
});

describe("routeObjectRequest (from the app's worker) and WebSockets", () => {
  it("forwards /objects/<object>/<name>/<rest> with the rest of the path and the query", async () => {
    const response = await mf.dispatchFetch("http://localhost/objects/chat/room%201/history/all?limit=5");
    expect(await response.json()).toEqual({ name: "room 1", path: "/history/all", query: "?limit=5" });
  });

  it.each([
    ["/objects/", 404, "DORM_NO_ROUTE"],
    ["/objects/nope/x", 404, "DORM_NO_ROUTE"],
    ["/objects/chat", 404, "DORM_NO_ROUTE"],
    ["/objects/chat/%E0%A4%A", 400, "DORM_BAD_NAME"],
  ])("%s → %i JSON", async (path, status, code) => {
    const response = await mf.dispatchFetch(`http://localhost${path}`);
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: { code } });
  });

  it("upgrades pass through; tags select recipients; close is seen by peers", async () => {
    const room = `room-${randomUUID()}`;
    const connect = async (user: string) => {
      const response = await mf.dispatchFetch(`http://localhost/objects/chat/${room}/ws?user=${user}`, { headers: { Upgrade: "websocket" } });
      expect(response.status).toBe(101);
      const ws = response.webSocket!;
      const inbox: string[] = [];
      const waiters: (() => void)[] = [];
      ws.addEventListener("message", (event) => {
        inbox.push(String(event.data));
        waiters.splice(0).forEach((w) => w());
      });
      ws.accept();
      const next = async (count: number) => {
        while (inbox.length < count) await new Promise<void>((r) => waiters.push(r));
        return inbox.slice(0, count);
      };
      return { ws, next };
    };
    const alice = await connect("alice");
    const bob = await connect("bob");
    alice.ws.send("bob:hi bob");
    expect(await bob.next(1)).toEqual([`${room}>hi bob`]);
    bob.ws.send("*:all");
    expect(await alice.next(1)).toEqual([`${room}>all`]);
    expect(await bob.next(2)).toEqual([`${room}>hi bob`, `${room}>all`]);
    alice.ws.close(1000, "bye");
    expect((await bob.next(3))[2]).toBe(`${room}>closed 1000`);
    bob.ws.close();
  });

  it("more than 10 tags on one socket is refused with the platform's limit", async () => {
    const tags = Array.from({ length: 11 }, (_, i) => `t${i}`).join(",");
    const response = await mf.dispatchFetch(`http://localhost/objects/chat/limits/ws?tags=${tags}`, { headers: { Upgrade: "websocket" } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain("DORM_TOO_MANY_TAGS");
  });
});
