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

async function next(socket: TestSocket, match: (frame: Frame) => boolean): Promise<Frame> {
  for (;;) {
    const frame = await socket.json<Frame>();
    if (match(frame)) return frame;
  }
}
let ids = 0;
/** Send a message and wait for its reply or error frame. */
async function call(socket: TestSocket, type: string, payload?: unknown): Promise<Frame> {
  const id = `c${++ids}`;
  socket.send(JSON.stringify({ v: 1, type, id, payload }));
  return next(socket, (f) => f.id === id);
}

describe("__accessor__", () => {
  it("edits on the current version apply and reach the other editor; a stale one is refused with the current doc", async () => {
    const ada = await app.connect("/objects/__route__/notes?name=ada");
    const bo = await app.connect("/objects/__route__/notes?name=bo");
    expect((await call(ada, "open")).payload).toEqual({ text: "", version: 0 });
    expect((await call(ada, "edit", { version: 0, at: 0, remove: 0, insert: "hello" })).payload).toEqual({ version: 1 });
    expect(await next(bo, (f) => f.type === "edit")).toMatchObject({ payload: { version: 1, insert: "hello", by: "ada" } });

    // bo edits on version 0, which is gone: refused, after a doc event with version 1.
    expect(await call(bo, "edit", { version: 0, at: 0, remove: 0, insert: "X" })).toMatchObject({ kind: "error", code: "STALE_VERSION" });
    expect(bo.messages.map((m) => JSON.parse(String(m))).some((f: Frame) => f.type === "doc" && f.payload.version === 1)).toBe(true);
    expect((await call(bo, "edit", { version: 1, at: 5, remove: 0, insert: " world" })).payload).toEqual({ version: 2 });
    expect(await app.durableObjects.__accessor__.get("notes").read()).toEqual({ text: "hello world", version: 2 });
    ada.close();
    bo.close();
  });
});
