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
  it("two players take turns, a third watches, and the winner is found", async () => {
    const x = await app.connect("/objects/__route__/match-1?player=xena");
    const o = await app.connect("/objects/__route__/match-1?player=otto");
    const watcher = await app.connect("/objects/__route__/match-1?player=wes");
    expect(await call(o, "move", { cell: 0 })).toMatchObject({ kind: "error", code: "NOT_YOUR_TURN" });
    expect(await call(watcher, "move", { cell: 0 })).toMatchObject({ kind: "error", code: "NOT_A_PLAYER" });
    for (const [socket, cell] of [[x, 0], [o, 3], [x, 1], [o, 4]] as const) {
      expect(await call(socket, "move", { cell })).toMatchObject({ kind: "reply" });
    }
    expect(await call(o, "move", { cell: 1 })).toMatchObject({ kind: "error", code: "NOT_YOUR_TURN" });
    expect(await call(x, "move", { cell: 3 })).toMatchObject({ kind: "error", code: "CELL_TAKEN" });
    expect((await call(x, "move", { cell: 2 })).payload).toMatchObject({ winner: "X", moves: 5 });
    // Every move reached the watcher as a state event.
    expect(await next(watcher, (f) => f.type === "state" && f.payload.winner === "X")).toMatchObject({ payload: { board: ["X", "X", "X", "O", "O", null, null, null, null] } });
    expect(await app.durableObjects.__accessor__.get("match-1").state()).toMatchObject({ winner: "X", players: { X: "xena", O: "otto" } });
    for (const socket of [x, o, watcher]) socket.close();
  });
});
