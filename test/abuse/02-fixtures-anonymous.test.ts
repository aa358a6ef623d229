// Item 2: the other fixtures trusted anonymous clients. rate-limiter: a made-up X-Api-Key per
// request (or no header at all) was never limited. lock: anonymous GET /locks/db showed the holder
// and the fencing token, releasing with it worked, and a ledger write with a guessed token
// succeeded. sharded-rooms: anonymous POST /announce, and POST /admin/reshard?from=300 fanned out
// to 300 shard objects. Now: limits key on CF-Connecting-IP or an issued key; the lock needs its
// API key and gives the token and the lease only to the holder; admin routes need ADMIN_KEY.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRETS as LOCK_SECRETS } from "../../app-fixtures/lock/test/secrets.js";
import { ANONYMOUS_LIMIT } from "../../app-fixtures/rate-limiter/app/quotas.js";
import { TEST_SECRETS as LIMITER_SECRETS } from "../../app-fixtures/rate-limiter/test/secrets.js";
import { TEST_SECRETS as SHARD_SECRETS } from "../../app-fixtures/sharded-rooms/test/secrets.js";
import { fixture, runApp, type RunningApp } from "./harness.js";

const drain = async (response: Response) => ({ status: response.status, body: await response.text() });

describe("2. the fixtures do not trust anonymous clients", () => {
  describe("rate-limiter", () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await runApp(fixture("rate-limiter"), LIMITER_SECRETS);
    });
    afterAll(() => app?.dispose());

    it("a made-up X-Api-Key per request is refused; callers without one are limited per address", async () => {
      const madeUp = [];
      for (let i = 0; i < ANONYMOUS_LIMIT.limit + 5; i++) madeUp.push((await drain(await app.fetch("/api/orders", { headers: { "X-Api-Key": randomUUID() } }))).status);
      expect(new Set(madeUp)).toEqual(new Set([401]));
      const anonymous = [];
      for (let i = 0; i < ANONYMOUS_LIMIT.limit + 5; i++) anonymous.push((await drain(await app.fetch("/api/orders", { headers: { "CF-Connecting-IP": "192.0.2.1" } }))).status);
      expect(anonymous.filter((s) => s === 200)).toHaveLength(ANONYMOUS_LIMIT.limit);
      expect(anonymous.slice(-5)).toEqual([429, 429, 429, 429, 429]);
      // No header at all is anonymous too (on Cloudflare, every request has an address).
      const bare = [];
      for (let i = 0; i < ANONYMOUS_LIMIT.limit + 1; i++) bare.push((await drain(await app.fetch("/api/orders"))).status);
      expect(bare.at(-1)).toBe(429);
    });
  });

  describe("lock", () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await runApp(fixture("lock"), LOCK_SECRETS);
    });
    afterAll(() => app?.dispose());
    const auth = { authorization: `Bearer ${LOCK_SECRETS.LOCK_API_KEY}`, "content-type": "application/json" };

    it("anonymous callers see nothing and change nothing; the token and lease reach the holder only", async () => {
      const name = `db-${randomUUID()}`;
      const grant = (await (await app.fetch(`/locks/${name}/acquire`, { method: "POST", headers: auth, body: JSON.stringify({ holder: "alice", ttlMs: 60_000 }) })).json()) as { token: number; lease: string };
      expect(grant).toMatchObject({ acquired: true, token: 1 });
      const anonymous = [
        await drain(await app.fetch(`/locks/${name}`)),
        await drain(await app.fetch(`/locks/${name}/release`, { method: "POST", body: JSON.stringify({ holder: "alice", token: 1, lease: grant.lease }) })),
        await drain(await app.fetch(`/ledger/${name}/write`, { method: "POST", body: JSON.stringify({ holder: "eve", token: 1, value: "eve" }) })),
        await drain(await app.fetch(`/locks/${name}/acquire`, { method: "POST", body: JSON.stringify({ holder: "eve", ttlMs: 86_400_000 }) })),
      ];
      for (const { status, body } of anonymous) {
        expect(status).toBe(401);
        expect(body).not.toContain("alice");
        expect(body).not.toContain(grant.lease);
      }
      // An authenticated caller that is not the holder sees who holds it, not the token or lease…
      const status = JSON.parse((await drain(await app.fetch(`/locks/${name}`, { headers: auth }))).body);
      expect(Object.keys(status).sort()).toEqual(["expiresAt", "holder"]);
      // …and cannot release it or write with a guessed token.
      expect(JSON.parse((await drain(await app.fetch(`/locks/${name}/release`, { method: "POST", headers: auth, body: JSON.stringify({ holder: "alice", token: 1 }) }))).body)).toEqual({ released: false });
      expect((await drain(await app.fetch(`/ledger/${name}/write`, { method: "POST", headers: auth, body: JSON.stringify({ holder: "alice", token: 1, value: "forged" }) }))).status).toBe(409);
      // The holder's lease still works.
      const write = await drain(await app.fetch(`/ledger/${name}/write`, { method: "POST", headers: auth, body: JSON.stringify({ lease: grant.lease, value: "real" }) }));
      expect(JSON.parse(write.body)).toEqual({ count: 1 });
    });
  });

  describe("sharded-rooms", () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await runApp(fixture("sharded-rooms"), SHARD_SECRETS);
    });
    afterAll(() => app?.dispose());

    it("anonymous announce, shard listing and reshard are refused before any shard object is reached", async () => {
      for (const [path, method] of [["/announce", "POST"], ["/shards", "GET"], ["/admin/reshard?from=300", "POST"]] as const) {
        const { status } = await drain(await app.fetch(path, { method, ...(method === "POST" ? { body: JSON.stringify({ text: "free crypto" }) } : {}) }));
        expect(status, path).toBe(401);
      }
      expect(app.storedObjects("Room")).toEqual([]);
      // With the key, an operator's announcement goes out.
      const announced = await drain(await app.fetch("/announce", { method: "POST", headers: { authorization: `Bearer ${SHARD_SECRETS.ADMIN_KEY}` }, body: JSON.stringify({ text: "maintenance" }) }));
      expect(announced.status).toBe(200);
    });
  });
});
