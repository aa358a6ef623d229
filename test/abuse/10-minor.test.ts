// Item 10: a malformed %-sequence in the counter and lock fixtures gave an uncaught URIError (500
// with a stack); the counter ran past Number.MAX_SAFE_INTEGER; an invalid UTF-8 text frame got
// an error frame (DORM_BAD_JSON, or was even accepted with U+FFFD in it) where RFC 6455 says close
// with 1007.
import { connect } from "@dorm/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type Chatter from "./app/app/objects/chatter.js";
import { TEST_SECRETS as LOCK_SECRETS } from "../../app-fixtures/lock/test/secrets.js";
import { ABUSE_APP, fixture, runApp, type RunningApp } from "./harness.js";

describe("10. minor findings", () => {
  describe("counter and lock: bad input is refused with a 4xx, never a crash", () => {
    let counter: RunningApp;
    let lock: RunningApp;
    beforeAll(async () => {
      [counter, lock] = await Promise.all([runApp(fixture("counter")), runApp(fixture("lock"), LOCK_SECRETS)]);
    });
    afterAll(() => Promise.all([counter?.dispose(), lock?.dispose()]));

    it("a malformed %-sequence in a name", async () => {
      const headers = { authorization: `Bearer ${LOCK_SECRETS.LOCK_API_KEY}` };
      for (const [app, path, init] of [
        [counter, "/counter/%E0%A4%A", {}],
        [counter, "/counter/%/increment", { method: "POST" }],
        [lock, "/locks/%E0%A4%A", { headers }],
        [lock, "/ledger/%zz/write", { method: "POST", headers, body: "{}" }],
      ] as const) {
        const response = await app.fetch(path, init);
        expect(response.status, path).toBe(400);
        const body = await response.text();
        expect(body).not.toMatch(/URIError|at \w+ \(/);
        expect(JSON.parse(body)).toMatchObject({ error: { code: "BAD_NAME" } });
      }
    });

    it("the counter stops at Number.MAX_SAFE_INTEGER instead of counting wrong", async () => {
      const post = (path: string) => counter.fetch(path, { method: "POST" }).then(async (r) => ({ status: r.status, body: await r.json() }));
      expect(await post(`/counter/top/increment?by=${Number.MAX_SAFE_INTEGER - 1}`)).toEqual({ status: 200, body: { name: "top", value: Number.MAX_SAFE_INTEGER - 1 } });
      expect(await post("/counter/top/increment")).toEqual({ status: 200, body: { name: "top", value: Number.MAX_SAFE_INTEGER } });
      expect(await post("/counter/top/increment")).toMatchObject({ status: 422, body: { error: { code: "OUT_OF_RANGE" } } });
      expect(await post("/counter/bottom/decrement?by=9007199254740991")).toMatchObject({ status: 200 });
      expect(await post("/counter/bottom/decrement")).toMatchObject({ status: 422 });
      expect(await (await counter.fetch("/counter/top")).json()).toEqual({ name: "top", value: Number.MAX_SAFE_INTEGER });
    });
  });

  describe("WebSocket: a text frame that is not UTF-8 closes the connection with 1007", () => {
    let app: RunningApp;
    beforeAll(async () => {
      app = await runApp(ABUSE_APP);
    });
    afterAll(() => app?.dispose());
    const url = (room: string) => `${app.url.replace(/^http/, "ws")}objects/chatter/${room}/ws`;

    it("invalid bytes, in or out of a JSON string, close with 1007; U+FFFD itself, escaped as @dorm/client sends it, is fine", async () => {
      const invalid = [
        Buffer.from([0x7b, 0x22, 0x76, 0x22, 0x3a, 0x31, 0xff, 0xfe, 0x7d]),
        Buffer.concat([Buffer.from('{"v":1,"type":"say","id":"x","payload":{"text":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]),
      ];
      for (const bytes of invalid) {
        const ws = new WebSocket(url("utf8"));
        const frames: string[] = [];
        ws.on("message", (data) => frames.push(data.toString()));
        await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
        const closed = new Promise<number>((resolve) => ws.once("close", resolve));
        ws.send(bytes, { binary: false });
        expect(await closed).toBe(1007);
        expect(frames.filter((f) => !f.includes('"welcome"'))).toEqual([]);
      }
      const client = connect<typeof Chatter>(url("utf8"), { WebSocket });
      try {
        expect(await client.call.say({ text: "a\uFFFDb" })).toBe("a\uFFFDb");
      } finally {
        client.close();
      }
    });
  });
});
