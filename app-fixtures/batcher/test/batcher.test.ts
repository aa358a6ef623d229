import { fileURLToPath } from "node:url";
import { createTestApp, type TestApp } from "@dorm/testing";
import { Response, type Request } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Cloudflare's alarms example (the Batcher) on dorm, driven as its docs drive it: plain requests
// to the worker, the alarm posting each batch to an upstream service. The upstream is this test
// (miniflare's outbound service), so the example's URL stays as it is and nothing leaves the machine.
const APP = fileURLToPath(new URL("..", import.meta.url));
const upstream: { url: string; method: string; body: string }[] = [];
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({
    root: APP,
    miniflare: {
      outboundService: async (request: Request) => {
        upstream.push({ url: request.url, method: request.method, body: await request.text() });
        return new Response("ok");
      },
    },
  });
});
afterAll(() => app?.dispose());

const post = async (body: string) => (await app.fetch("/", { method: "POST", body })).json();

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
    expect(upstream.map((call) => call.body)).toEqual(["a,b,c", "d,e"]);
  });
});
