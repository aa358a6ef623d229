import { fileURLToPath } from "node:url";
import { createTestApp, type TestApp } from "@dorm/testing";
import { Response, type Request } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BATCH, MAX_BODY_BYTES } from "../app/limits.js";
import { TEST_SECRETS } from "./secrets.js";

// Cloudflare's alarms example (the Batcher) on dorm, driven as its docs drive it: plain requests
// to the worker, the alarm posting each batch to an upstream service. The upstream is this test
// (miniflare's outbound service), so the example's URL stays as it is and nothing leaves the
// machine; each test says how it answers.
const APP = fileURLToPath(new URL("..", import.meta.url));
type Upstream = (request: Request) => Promise<Response>;
const upstream: { url: string; method: string; body: string }[] = [];
const record: Upstream = async (request) => {
  upstream.push({ url: request.url, method: request.method, body: await request.text() });
  return new Response("ok");
};
let answer: Upstream = record;
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ root: APP, bindings: TEST_SECRETS, miniflare: { outboundService: (request: Request) => answer(request) } });
});
afterAll(() => app?.dispose());

const authorization = `Bearer ${TEST_SECRETS.BATCHER_KEY}`;
const send = (body: BodyInit, headers: Record<string, string> = {}) => app.fetch("/", { method: "POST", body, headers: { authorization, ...headers } });
const post = async (body: string) => (await send(body)).json();
const bodies = () => upstream.map((call) => call.body);
const numbered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);

/** Sends everything queued now (the alarm's time does not matter to runAlarms), so each test starts with an empty batch. */
async function drain(): Promise<void> {
  answer = record;
  await app.runAlarms();
  upstream.length = 0;
}

describe("the Batcher from Cloudflare's alarms example", () => {
  it("queues requests, posts each batch upstream when the alarm fires, then starts over; the count survives a restart", async () => {
    expect(await post("a")).toEqual({ queued: 1 });
    expect(await post("b")).toEqual({ queued: 2 });
    expect(await post("c")).toEqual({ queued: 3 });
    expect(upstream).toEqual([]);

    // The alarm set by the first request, run now rather than in 10 s.
    expect((await app.runAlarms()).map((run) => run.object)).toEqual(["batcher"]);
    expect(upstream).toEqual([{ url: "http://example.com/some-upstream-service", method: "POST", body: "a,b,c" }]);

    // deleteAll emptied the batch and the alarm: the next request starts a new batch and alarm.
    expect(await post("d")).toEqual({ queued: 1 });
    // A restart drops the object's memory; activate counts from the stored keys again.
    await app.restart();
    expect(await post("e")).toEqual({ queued: 2 });
    await app.runAlarms();
    expect(bodies()).toEqual(["a,b,c", "d,e"]);
    upstream.length = 0;
  });

  it("sends a batch of ten or more in the order it came (the original's keys sorted 10 before 2)", async () => {
    for (const body of numbered(1, 12)) await post(body);
    await app.runAlarms();
    expect(bodies()).toEqual([numbered(1, 12).join(",")]);
    upstream.length = 0;
  });
});

describe("who may queue", () => {
  it("a producer without the key, or with another, gets 401 and queues nothing", async () => {
    for (const headers of [{}, { authorization: "Bearer guess" }, { authorization: TEST_SECRETS.BATCHER_KEY }, { authorization: "Basic dGVzdA==" }] as Record<string, string>[]) {
      const response = await app.fetch("/", { method: "POST", body: "intruder", headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe("Bearer");
      expect(await response.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    }
    // Nothing reached the object: no alarm was set, nothing is stored.
    expect(await app.runAlarms()).toEqual([]);
    expect(await post("first")).toEqual({ queued: 1 });
    await drain();
  });

  it("a deployment without BATCHER_KEY answers 503 and says which secret to set", async () => {
    const bare = await createTestApp({ root: APP, miniflare: { outboundService: record } });
    try {
      for (const headers of [{}, { authorization }] as Record<string, string>[]) {
        const response = await bare.fetch("/", { method: "POST", body: "x", headers });
        expect(response.status).toBe(503);
        const { error } = (await response.json()) as { error: { code: string; message: string } };
        expect(error.code).toBe("NOT_CONFIGURED");
        expect(error.message).toContain("no BATCHER_KEY secret");
        expect(error.message).toContain("wrangler secret put BATCHER_KEY");
      }
      expect(await bare.runAlarms()).toEqual([]);
    } finally {
      await bare.dispose();
    }
  });
});

describe("limits", () => {
  it("a body over the limit gets 413 and nothing is queued; one at the limit is queued (a body without Content-Length: read-body.test.ts)", async () => {
    const tooBig = await send("x".repeat(MAX_BODY_BYTES + 1));
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toMatchObject({ error: { code: "TOO_LARGE" } });

    expect(await post("y".repeat(MAX_BODY_BYTES))).toEqual({ queued: 1 });
    await app.runAlarms();
    expect(bodies()).toEqual(["y".repeat(MAX_BODY_BYTES)]);
    upstream.length = 0;
  });

  it(`a batch holds ${MAX_BATCH} requests; the next gets 429 with Retry-After until the alarm has sent them`, async () => {
    for (let i = 0; i < MAX_BATCH; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => send(`m${i + j + 1}`).then((r) => expect(r.status).toBe(200))));
    }
    const full = await send("one too many");
    expect(full.status).toBe(429);
    expect(Number(full.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await full.json()).toMatchObject({ error: { code: "BATCH_FULL" } });

    await app.runAlarms();
    expect(bodies()).toHaveLength(1);
    expect(bodies()[0]!.split(",")).toHaveLength(MAX_BATCH);
    expect(await post("next batch")).toEqual({ queued: 1 });
    await drain();
  });
});

describe("delivery", () => {
  it("an upstream failure keeps the batch: the alarm fails, and its retry sends the same batch", async () => {
    await post("p");
    await post("q");
    answer = async () => new Response("unavailable", { status: 503 });
    expect(await app.runAlarms()).toEqual([expect.objectContaining({ object: "batcher", ran: 1, failed: 1 })]);
    expect(upstream).toEqual([]);

    // Queued meanwhile, it joins the batch that is waiting for its retry.
    expect(await post("r")).toEqual({ queued: 3 });
    answer = record;
    expect(await app.runAlarms()).toEqual([expect.objectContaining({ ran: 1, failed: 0 })]);
    expect(bodies()).toEqual(["p,q,r"]);
    upstream.length = 0;
    expect(await app.runAlarms()).toEqual([]);
  });

  it("requests that arrive while a batch is on its way are kept for the next batch (the original's deleteAll lost them)", async () => {
    await post("s");
    await post("t");
    let arrived!: () => void;
    let release!: () => void;
    const atUpstream = new Promise<void>((resolve) => (arrived = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    answer = async (request) => {
      const call = { url: request.url, method: request.method, body: await request.text() };
      arrived();
      await released;
      upstream.push(call);
      return new Response("ok");
    };
    const alarm = app.runAlarms();
    await atUpstream;
    // The batch is at the upstream, which has not answered: the object takes requests meanwhile.
    expect(await post("u")).toEqual({ queued: 3 });
    expect(await post("v")).toEqual({ queued: 4 });
    release();
    expect(await alarm).toEqual([expect.objectContaining({ ran: 1, failed: 0 })]);
    expect(bodies()).toEqual(["s,t"]);

    // The newcomers have an alarm of their own, and the count goes on from the batch sent.
    answer = record;
    expect(await post("w")).toEqual({ queued: 3 });
    await app.restart();
    expect(await post("x")).toEqual({ queued: 4 });
    expect(await app.runAlarms()).toEqual([expect.objectContaining({ ran: 1, failed: 0 })]);
    expect(bodies()).toEqual(["s,t", "u,v,w,x"]);
    upstream.length = 0;
  });
});
