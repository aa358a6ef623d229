import { createTestApp, type TestApp } from "@dorm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Room from "../app/objects/__route__.ts";

// Runs app/objects/__route__.ts on local workerd: `npm test` (dorm build, then vitest).
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ root: new URL("..", import.meta.url) });
});
afterAll(() => app?.dispose());

const join = async (room: string, name: string) => {
  const client = app.client<typeof Room>(`/objects/__route__/${room}?name=${encodeURIComponent(name)}`);
  await client.ready();
  return client;
};

describe("__accessor__", () => {
  it("a post reaches everyone in the room, and only that room; history keeps it", async () => {
    const alice = await join("lobby", "alice");
    const bob = await join("lobby", "bob");
    const elsewhere = await join("garden", "carol");
    const seenByOthers: string[] = [];
    elsewhere.on("message", (m) => seenByOthers.push(m.text));
    const bobGot = new Promise((resolve) => bob.on("message", resolve));

    const saved = await alice.call.post({ text: "  hello  " });
    expect(saved).toMatchObject({ name: "alice", text: "hello" });
    expect(await bobGot).toEqual(saved);
    expect((await bob.call.history({})).map((m) => m.text)).toEqual(["hello"]);
    expect(await app.durableObjects.__accessor__.get("lobby").count()).toBe(1);
    expect(seenByOthers).toEqual([]);
    for (const client of [alice, bob, elsewhere]) client.close();
  });

  it("presence lists who is here; bad input gets an error and changes nothing", async () => {
    const dana = await join("quiet", "dana");
    await join("quiet", "eve").then((eve) => eve.close());
    expect(await app.durableObjects.__accessor__.get("quiet").who()).toEqual(["dana"]);
    await expect(dana.call.post({ text: "" })).rejects.toMatchObject({ code: "DORM_INVALID_PAYLOAD" });
    expect(await app.durableObjects.__accessor__.get("quiet").count()).toBe(0);
    dana.close();
  });

  it("refuses a connection without a name", async () => {
    const response = await app.fetch("/objects/__route__/lobby", { headers: { upgrade: "websocket" } });
    expect(response.status).toBe(400);
  });
});
