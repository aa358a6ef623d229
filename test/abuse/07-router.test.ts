// Item 7: the default router instantiated objects that have only RPC methods: each random name
// created an object that ran init and stored state (and answered 500 with a stack), and a 404
// listed every object. Now only objects with a fetch handler or connections are routable, and
// every other path gets one 404 that names nothing and creates nothing.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ABUSE_APP, runApp, type RunningApp } from "./harness.js";

let app: RunningApp;
beforeAll(async () => {
  app = await runApp(ABUSE_APP);
});
afterAll(() => app?.dispose());

const OBJECTS = ["vault", "gate", "keeper", "clock", "chatter", "Vault", "Keeper", "Clock"];

describe("7. the default router reaches only objects that answer HTTP", () => {
  it("20 requests for an RPC-only object: twenty 404s, no object created, no object named", async () => {
    const paths = [
      ...Array.from({ length: 20 }, () => `/objects/vault/${randomUUID()}/`),
      "/objects/keeper/x",
      "/objects/clock/x/anything",
      "/objects/nope/x",
      "/objects/",
      "/elsewhere",
    ];
    const bodies = new Set<string>();
    for (const path of paths) {
      const response = await app.fetch(path, { method: path.includes("vault") ? "POST" : "GET" });
      expect(response.status, path).toBe(404);
      bodies.add(await response.text());
    }
    // One answer for all of them, which names no object.
    expect(bodies.size).toBe(1);
    const [body] = bodies;
    expect(JSON.parse(body!)).toMatchObject({ error: { code: "DORM_NO_ROUTE" } });
    for (const object of OBJECTS) expect(body).not.toContain(object);
    for (const className of ["Vault", "Keeper", "Clock"]) expect(app.storedObjects(className)).toEqual([]);
  });

  it("objects with a fetch handler or connections still answer", async () => {
    const gate = await app.fetch("/objects/gate/lobby");
    expect(await gate.json()).toEqual({ name: "lobby" });
    // (and the storage check above sees the objects that did run)
    expect(app.storedObjects("Gate")).toHaveLength(1);
    const chatter = await app.fetch("/objects/chatter/lobby");
    expect(chatter.status).toBe(426);
    await chatter.body?.cancel();
  });
});
