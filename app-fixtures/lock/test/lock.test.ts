import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createTestApp, type TestApp } from "@dorm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { until } from "../../../packages/dorm/test/until.js";
import { TEST_SECRETS } from "./secrets.js";

const APP = fileURLToPath(new URL("..", import.meta.url));
let app: TestApp;
// Typed from app/objects/lock.ts and ledger.ts (through .dorm/env.d.ts).
const lock = (name: string) => app.durableObjects.lock.get(name);
const ledger = (name: string) => app.durableObjects.ledger.get(name);

beforeAll(async () => {
  app = await createTestApp({ root: APP, bindings: TEST_SECRETS });
});
afterAll(() => app?.dispose());

const authorization = `Bearer ${TEST_SECRETS.LOCK_API_KEY}`;
const post = (path: string, body: unknown) =>
  app.fetch(`http://lock.test${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json", authorization } });

describe("lock fixture in workerd", () => {
  it("callers without the API key get 401 and nothing else; the token and lease go to the holder only", async () => {
    const name = randomUUID();
    const grant = await lock(name).acquire("alice", 60_000);
    if (!grant.acquired) throw new Error("expected the lock");
    for (const [path, init] of [
      [`/locks/${name}`, {}],
      [`/locks/${name}/release`, { method: "POST", body: JSON.stringify({ lease: grant.lease }) }],
      [`/locks/${name}/acquire`, { method: "POST", body: JSON.stringify({ holder: "eve", ttlMs: 1000 }) }],
      [`/ledger/${name}/write`, { method: "POST", body: JSON.stringify({ lease: grant.lease, value: "eve" }) }],
    ] as const) {
      for (const header of [{}, { authorization: "Bearer guess" }] as Record<string, string>[]) {
        const response = await app.fetch(`http://lock.test${path}`, { ...init, headers: header });
        expect(response.status).toBe(401);
        const text = await response.text();
        expect(text).not.toContain("alice");
        expect(text).not.toContain(grant.lease);
      }
    }
    // With the key: who holds it and until when, never the token or the lease.
    const status = await (await app.fetch(`http://lock.test/locks/${name}`, { headers: { authorization } })).json();
    expect(status).toEqual({ holder: "alice", expiresAt: grant.expiresAt });
    // Guessing does not help: a made-up lease releases nothing and writes nothing.
    expect(await (await post(`/locks/${name}/release`, { lease: randomUUID() })).json()).toEqual({ released: false });
    expect((await post(`/ledger/${name}/write`, { lease: randomUUID(), value: "guess" })).status).toBe(409);
    expect((await ledger(name).read()).entries).toEqual([]);
    expect(await lock(name).status()).toMatchObject({ holder: "alice" });
    // A broken %-sequence in the name is a 400, not a crash.
    expect((await app.fetch("http://lock.test/locks/%E0%A4%A", { headers: { authorization } })).status).toBe(400);
  });

  it("two contenders: one holder at a time, every grant a larger token", async () => {
    const name = randomUUID();
    const tokens: number[] = [];
    async function contender(holder: string, rounds: number) {
      for (let done = 0; done < rounds; ) {
        const grant = await lock(name).acquire(holder, 10_000);
        if (!grant.acquired) {
          // A contender's retry policy, as a real client would have; correctness never depends on it.
          await new Promise((r) => setTimeout(r, 5));
          continue;
        }
        tokens.push(grant.token);
        await ledger(name).enter(holder, grant.token);
        await ledger(name).write(holder, grant.token, `${holder}#${done}`);
        await ledger(name).leave(holder);
        expect(await lock(name).release(grant.lease)).toBe(true);
        done++;
      }
    }
    await Promise.all([contender("alice", 10), contender("bob", 10)]);
    const state = await ledger(name).read();
    expect(state.entries).toHaveLength(20);
    expect(state.overlaps).toBe(0);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    expect(new Set(tokens).size).toBe(20);
  });

  it("an expired lease is taken over, and the stale holder's fencing token is rejected", async () => {
    const name = randomUUID();
    const first = await lock(name).acquire("alice", 300);
    if (!first.acquired) throw new Error("expected the lock");
    expect(first).toMatchObject({ acquired: true, token: 1 });
    expect(await lock(name).acquire("bob", 5000)).toMatchObject({ acquired: false, holder: "alice" });

    // The expiry schedule frees the lock without anyone asking.
    await until(() => lock(name).status(), (s) => s.holder === null);
    const second = await lock(name).acquire("bob", 5000);
    expect(second).toMatchObject({ acquired: true, token: 2 });

    expect(await ledger(name).write("bob", 2, "bob's write")).toBe(1);
    // From the test, the object's error arrives as a worker gets it…
    await expect(ledger(name).write("alice", 1, "alice, late")).rejects.toThrow(/^stale fencing token 1: token 2 was already used/);
    // …and through the worker, which fences a write with the token of the caller's lease: alice's
    // lease no longer holds the lock, so her write never reaches the ledger.
    const late = await post(`/ledger/${name}/write`, { lease: first.lease, value: "alice, late" });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: "NOT_HOLDER" } });
    expect(await lock(name).release(first.lease)).toBe(false);
    expect(await lock(name).renew(first.lease, 1000)).toEqual({ renewed: false, expiresAt: null });
    expect((await ledger(name).read()).entries).toEqual([{ holder: "bob", token: 2, value: "bob's write" }]);
    expect(await lock(name).status()).toMatchObject({ holder: "bob" });
    if (!second.acquired) throw new Error("expected the lock");
    const write = await post(`/ledger/${name}/write`, { lease: second.lease, value: "bob, again" });
    expect(await write.json()).toEqual({ count: 2 });
  });

  it("renewal keeps the token and moves the expiry; REST answers 409 to a contender and 400 to bad input", async () => {
    const name = randomUUID();
    const grant = await lock(name).acquire("alice", 200);
    if (!grant.acquired) throw new Error("expected the lock");
    const renewed = await lock(name).renew(grant.lease, 60_000);
    expect(renewed.renewed).toBe(true);
    expect(renewed.expiresAt).toBeGreaterThan(grant.expiresAt);

    const busy = await post(`/locks/${name}/acquire`, { holder: "bob", ttlMs: 1000 });
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ acquired: false, holder: "alice" });
    const bad = await post(`/locks/${name}/acquire`, { holder: "bob", ttlMs: -1 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "BAD_ARGUMENT", message: expect.stringContaining("ttlMs") } });
    const released = await post(`/locks/${name}/release`, { lease: grant.lease });
    expect(await released.json()).toEqual({ released: true });
    expect(await (await app.fetch(`http://lock.test/locks/${name}`, { headers: { authorization } })).json()).toEqual({ holder: null, expiresAt: null });
  });

  it("a lease and its expiry schedule survive a restart: the lock frees itself afterwards", async () => {
    const name = randomUUID();
    // Long enough to outlast a restart on a busy machine, short enough to wait for.
    const grant = await lock(name).acquire("alice", 6_000);
    expect(grant).toMatchObject({ acquired: true, token: 1 });
    await app.restart();
    expect(await lock(name).status()).toMatchObject({ holder: "alice" });
    // The expiry is a persisted schedule: it fires in the new workerd without anyone asking.
    await until(() => lock(name).status(), (s) => s.holder === null);
    expect(await lock(name).acquire("bob", 1_000)).toMatchObject({ acquired: true, token: 2 });
  });

  it("runAlarms() runs a lease's expiry early; the callback still refuses to free a lease that has time left", async () => {
    const name = randomUUID();
    await lock(name).acquire("alice", 60 * 60_000);
    const runs = await app.runAlarms();
    expect(runs).toContainEqual({ object: "lock", id: lock(name).id.hex, ran: 1, failed: 0 });
    // expire() checks the clock itself: running the schedule early does not end an hour-long lease.
    expect(await lock(name).status()).toMatchObject({ holder: "alice" });
  });
});
