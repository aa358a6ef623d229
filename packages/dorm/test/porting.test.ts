import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../build/src/build.js";
import { miniflareOptions } from "../../build/src/local.js";

// What an app moving to dorm relies on (issue 14), in real workerd: test/porting-app, built by dorm.
const APP = fileURLToPath(new URL("./porting-app/", import.meta.url));
let mf: Miniflare;

type Stub = Record<string, (...args: unknown[]) => Promise<unknown>>;
async function stub(on: Miniflare, binding: string, name: string): Promise<Stub> {
  const ns = await on.getDurableObjectNamespace(binding);
  return ns.get(ns.idFromName(name)) as unknown as Stub;
}

beforeAll(async () => {
  await buildApp(APP);
  mf = new Miniflare(await miniflareOptions(APP));
});
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
      viaAccessor: "lobby",
      viaEnv: "hall",
      declared: { activation: 1, seen: ["worker"], visits: 1 },
      sameNamespace: true,
    });
    const types = await readFile(join(APP, ".dorm/env.d.ts"), "utf8");
    expect(types).toContain("ROOMS: DurableObjectNamespace;");
    expect(types).toContain("VISITS: DurableObjectNamespace;");
    expect(types).not.toContain("CHAT_ROOM");
    const config = JSON.parse(await readFile(join(APP, "dist/wrangler.json"), "utf8"));
    expect(config.durable_objects.bindings.filter((b: { class_name: string }) => b.class_name !== "Keys")).toEqual([
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
