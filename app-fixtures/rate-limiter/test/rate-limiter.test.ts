import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { miniflareOptions } from "../../../packages/build/src/local.js";
import { runCli } from "../../../packages/build/test/temp-app.js";

const APP = fileURLToPath(new URL("..", import.meta.url));
// The app's quota (app/worker.ts): 100 requests per hour per API key.
const LIMIT = 100;
const SECONDS_PER_TOKEN = 3_600 / LIMIT;

let mf: Miniflare;

beforeAll(async () => {
  // Built with the CLI, as a user would.
  const run = runCli(["build", "--root", APP]);
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  mf = new Miniflare(await miniflareOptions(APP));
});
afterAll(() => mf?.dispose());

const request = (key: string) => mf.dispatchFetch("http://localhost/api/orders", { headers: { "X-Api-Key": key } });

describe("rate limiter fixture in workerd", () => {
  it("500 concurrent requests against a limit of 100 admit exactly 100; the rest get 429 with Retry-After", async () => {
    const key = `key-${randomUUID()}`;
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

    // Another key has its own bucket.
    const other = await request(`other-${randomUUID()}`);
    expect(other.status).toBe(200);
    expect(other.headers.get("X-RateLimit-Remaining")).toBe("99");

    // O(1) storage: after 500 checks the limiter holds one key, its bucket.
    const ns = await mf.getDurableObjectNamespace("LIMITER");
    const limiter = ns.get(ns.idFromName(key)) as unknown as { footprint(): Promise<string[]>; remaining(c: object): Promise<number> };
    expect(await limiter.footprint()).toEqual(["__dorm:state"]);
    expect(await limiter.remaining({ limit: LIMIT, windowMs: 3_600_000 })).toBe(0);
  });

  it("requests outside /api/ are not counted; unknown routes get a 404", async () => {
    expect((await mf.dispatchFetch("http://localhost/elsewhere")).status).toBe(404);
  });
});
