import { createHash, randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { miniflareOptions } from "../../../packages/build/src/local.js";
import { runCli } from "../../../packages/build/test/temp-app.js";
import { ANONYMOUS_LIMIT, KEYED_LIMIT } from "../app/quotas.js";
import { ISSUED_KEYS, TEST_SECRETS } from "./secrets.js";

const APP = fileURLToPath(new URL("..", import.meta.url));
// The app's quotas (app/worker.ts): 100 requests per hour per issued API key, 20 per address.
const LIMIT = KEYED_LIMIT.limit;
const SECONDS_PER_TOKEN = 3_600 / LIMIT;

let mf: Miniflare;

beforeAll(async () => {
  // Built with the CLI, as a user would.
  const run = runCli(["build", "--root", APP]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  mf = new Miniflare(await miniflareOptions(APP, { bindings: TEST_SECRETS }));
});
afterAll(() => mf?.dispose());

const request = (key: string) => mf.dispatchFetch("http://localhost/api/orders", { headers: { "X-Api-Key": key } });
const anonymous = (address: string) => mf.dispatchFetch("http://localhost/api/orders", { headers: { "CF-Connecting-IP": address } });
const statusOf = async (response: Promise<{ status: number; arrayBuffer(): Promise<unknown> }>) => {
  const r = await response;
  await r.arrayBuffer();
  return r.status;
};

describe("rate limiter fixture in workerd", () => {
  it("500 concurrent requests against a limit of 100 admit exactly 100; the rest get 429 with Retry-After", async () => {
    const key = ISSUED_KEYS[0];
    // Each body read once, right away: 500 unread bodies would hold 500 connections open.
    const responses = await Promise.all(
      Array.from({ length: 500 }, async () => {
        const response = await request(key);
        return { status: response.status, headers: response.headers, body: (await response.json()) as unknown };
      }),
    );
    const admitted = responses.filter((r) => r.status === 200);
    const refused = responses.filter((r) => r.status === 429);
    expect(admitted.length).toBe(100);
    expect(refused.length).toBe(400);

    // Each admitted request saw a different count: 99 left, 98 left, … 0 left.
    const remaining = admitted.map((r) => Number(r.headers.get("X-RateLimit-Remaining"))).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(admitted[0]!.body).toEqual({ ok: true, path: "/api/orders" });

    // One token comes back every 36 s: the wait is at most that (less the time the burst took).
    for (const response of refused) {
      const retryAfter = Number(response.headers.get("Retry-After"));
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= SECONDS_PER_TOKEN).toBe(true);
      expect(response.headers.get("X-RateLimit-Remaining")).toBe("0");
      expect(response.headers.get("X-RateLimit-Limit")).toBe("100");
    }
    expect(refused[0]!.body).toMatchObject({ error: { code: "RATE_LIMITED" } });

    // Another issued key has its own bucket.
    const other = await request(ISSUED_KEYS[1]);
    expect(other.status).toBe(200);
    expect(other.headers.get("X-RateLimit-Remaining")).toBe("99");
    await other.arrayBuffer();

    // O(1) storage: after 500 checks the limiter holds one key, its bucket. It is named by the
    // key's digest, not by the key.
    const id = createHash("sha256").update(key).digest("hex");
    const ns = await mf.getDurableObjectNamespace("LIMITER");
    const limiter = ns.get(ns.idFromName(`key:${id}`)) as unknown as { footprint(): Promise<string[]>; remaining(c: object): Promise<number> };
    expect(await limiter.footprint()).toEqual(["__dorm:state"]);
    expect(await limiter.remaining(KEYED_LIMIT)).toBe(0);
  });

  it("anonymous callers are limited per address; a made-up key is refused, not a fresh bucket", async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const statuses = [];
    for (let i = 0; i < ANONYMOUS_LIMIT.limit + 5; i++) statuses.push(await statusOf(anonymous(address)));
    expect(statuses.slice(0, ANONYMOUS_LIMIT.limit).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(ANONYMOUS_LIMIT.limit)).toEqual([429, 429, 429, 429, 429]);
    // Another address has its own quota; a key nobody issued gets 401 (each one new, every time).
    expect(await statusOf(anonymous("198.51.100.7"))).toBe(200);
    for (let i = 0; i < 5; i++) expect(await statusOf(request(`made-up-${randomUUID()}`))).toBe(401);
  });

  it("requests outside /api/ are not counted; unknown routes get a 404", async () => {
    expect((await mf.dispatchFetch("http://localhost/elsewhere")).status).toBe(404);
  });
});
