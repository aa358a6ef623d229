import { fileURLToPath } from "node:url";
import { createTestApp, type TestApp, type TestSocket } from "@dorm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Runs app/objects/__route__.ts on local workerd: `npm test` (dorm build, then vitest). The
// sockets speak dorm's protocol directly; in a page, @dorm/client does it for you, typed.
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ root: fileURLToPath(new URL("..", import.meta.url)) });
});
afterAll(() => app?.dispose());

type Frame = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The next frame matching `match`, skipping others (the socket's own deadline applies). */
async function next(socket: TestSocket, match: (frame: Frame) => boolean): Promise<Frame> {
  for (;;) {
    const frame = await socket.json<Frame>();
    if (match(frame)) return frame;
  }
}
const send = (socket: TestSocket, type: string, payload?: unknown, id?: string) => socket.send(JSON.stringify({ v: 1, type, id, payload }));

describe("__accessor__", () => {
  it("two people chat: each message reaches both, history keeps it, presence and typing work", async () => {
    const ann = await app.connect("/objects/__route__/lobby?name=ann");
    expect(await next(ann, (f) => f.kind === "welcome")).toMatchObject({ presence: [{ presence: { name: "ann" } }] });
    const bob = await app.connect("/objects/__route__/lobby?name=bob");
    await next(bob, (f) => f.kind === "welcome");
    expect(await next(ann, (f) => f.kind === "presence")).toMatchObject({ op: "join", presence: { name: "bob" } });

    send(ann, "post", { text: "  hi bob  " }, "p1");
    expect(await next(ann, (f) => f.id === "p1")).toMatchObject({ kind: "reply", payload: { name: "ann", text: "hi bob" } });
    expect(await next(bob, (f) => f.type === "message")).toMatchObject({ payload: { name: "ann", text: "hi bob" } });

    send(bob, "typing", { typing: true });
    expect(await next(ann, (f) => f.type === "typing")).toMatchObject({ payload: { name: "bob", typing: true } });

    send(bob, "history", {}, "h1");
    expect((await next(bob, (f) => f.id === "h1")).payload.map((m: Frame) => m.text)).toEqual(["hi bob"]);
    expect(await app.durableObjects.__accessor__.get("lobby").who()).toEqual(["ann", "bob"]);
    expect(await app.durableObjects.__accessor__.get("lobby").count()).toBe(1);
    ann.close();
    bob.close();
  });

  it("refuses a connection without a name, and a bad message with an error frame", async () => {
    await expect(app.connect("/objects/__route__/lobby")).rejects.toThrow(/400/);
    const eve = await app.connect("/objects/__route__/lobby?name=eve");
    send(eve, "post", { text: "" }, "bad");
    expect(await next(eve, (f) => f.id === "bad")).toMatchObject({ kind: "error", code: "DORM_INVALID_PAYLOAD" });
    // Methods are RPC only: a socket cannot call them.
    send(eve, "who", undefined, "rpc");
    expect(await next(eve, (f) => f.id === "rpc")).toMatchObject({ kind: "error", code: "DORM_UNKNOWN_TYPE" });
    eve.close();
  });
});
