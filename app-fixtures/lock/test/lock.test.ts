import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { miniflareOptions } from "../../../packages/build/src/local.js";
import { until } from "../../../packages/dorm/test/until.js";
import type { Acquired, LedgerState, LockState } from "../app/types.js";

const APP = fileURLToPath(new URL("..", import.meta.url));
const REPO = join(APP, "../..");

interface LockStub {
  acquire(holder: string, ttlMs: number): Promise<Acquired>;
  renew(holder: string, token: number, ttlMs: number): Promise<{ renewed: boolean; expiresAt: number | null }>;
  release(holder: string, token: number): Promise<boolean>;
  status(): Promise<LockState>;
}
interface LedgerStub {
  enter(holder: string, token: number): Promise<void>;
  write(holder: string, token: number, value: string): Promise<number>;
  leave(holder: string): Promise<void>;
  read(): Promise<LedgerState>;
}

let mf: Miniflare;
let lock: (name: string) => LockStub;
let ledger: (name: string) => LedgerStub;

beforeAll(async () => {
  const run = spawnSync(process.execPath, [join(REPO, "packages/build/bin/dorm.js"), "build", "--root", APP], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  mf = new Miniflare(await miniflareOptions(APP));
  const locks = await mf.getDurableObjectNamespace("LOCK");
  const ledgers = await mf.getDurableObjectNamespace("LEDGER");
  lock = (name) => locks.get(locks.idFromName(name)) as unknown as LockStub;
  ledger = (name) => ledgers.get(ledgers.idFromName(name)) as unknown as LedgerStub;
});
afterAll(() => mf?.dispose());

const post = (path: string, body: unknown) =>
  mf.dispatchFetch(`http://lock.test${path}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

describe("lock fixture in workerd", () => {
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
        expect(await lock(name).release(holder, grant.token)).toBe(true);
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
    expect(first).toMatchObject({ acquired: true, token: 1 });
    expect(await lock(name).acquire("bob", 5000)).toMatchObject({ acquired: false, holder: "alice" });

    // The expiry schedule frees the lock without anyone asking.
    await until(() => lock(name).status(), (s) => s.holder === null);
    const second = await lock(name).acquire("bob", 5000);
    expect(second).toMatchObject({ acquired: true, token: 2 });

    expect(await ledger(name).write("bob", 2, "bob's write")).toBe(1);
    // Through the worker: real RPC from worker to object, where the object's error arrives intact.
    const late = await post(`/ledger/${name}/write`, { holder: "alice", token: 1, value: "alice, late" });
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: { code: "STALE_TOKEN", message: expect.stringMatching(/^stale fencing token 1: token 2/) } });
    expect(await lock(name).release("alice", 1)).toBe(false);
    expect(await lock(name).renew("alice", 1, 1000)).toEqual({ renewed: false, expiresAt: null });
    expect((await ledger(name).read()).entries).toEqual([{ holder: "bob", token: 2, value: "bob's write" }]);
    expect(await lock(name).status()).toMatchObject({ holder: "bob", token: 2 });
  });

  it("renewal keeps the token and moves the expiry; REST answers 409 to a contender and 400 to bad input", async () => {
    const name = randomUUID();
    const grant = await lock(name).acquire("alice", 200);
    if (!grant.acquired) throw new Error("expected the lock");
    const renewed = await lock(name).renew("alice", grant.token, 60_000);
    expect(renewed.renewed).toBe(true);
    expect(renewed.expiresAt).toBeGreaterThan(grant.expiresAt);

    const busy = await post(`/locks/${name}/acquire`, { holder: "bob", ttlMs: 1000 });
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ acquired: false, holder: "alice" });
    const bad = await post(`/locks/${name}/acquire`, { holder: "bob", ttlMs: -1 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "BAD_ARGUMENT", message: expect.stringContaining("ttlMs") } });
    const released = await post(`/locks/${name}/release`, { holder: "alice", token: grant.token });
    expect(await released.json()).toEqual({ released: true });
    expect(await (await mf.dispatchFetch(`http://lock.test/locks/${name}`)).json()).toMatchObject({ holder: null, token: 1 });
  });
});
