import { createTestApp, type TestApp } from "@dorm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type GameObject from "../app/objects/__route__.ts";

// Runs app/objects/__route__.ts on local workerd: `npm test` (dorm build, then vitest).
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ root: new URL("..", import.meta.url) });
});
afterAll(() => app?.dispose());

const join = async (match: string, player: string) => {
  const client = app.client<typeof GameObject>(`/objects/__route__/${match}?player=${player}`);
  await client.ready();
  return client;
};

describe("__accessor__", () => {
  it("two players take turns; moves reach a watcher; the server decides the winner", async () => {
    const x = await join("m1", "xena");
    const o = await join("m1", "otto");
    const watcher = await join("m1", "wanda");
    const seen: number[] = [];
    watcher.on("state", (game) => seen.push(game.moves));

    await expect(o.call.move({ cell: 0 })).rejects.toMatchObject({ code: "NOT_YOUR_TURN" });
    await x.call.move({ cell: 0 });
    await expect(x.call.move({ cell: 1 })).rejects.toMatchObject({ code: "NOT_YOUR_TURN" });
    await o.call.move({ cell: 3 });
    await expect(x.call.move({ cell: 3 })).rejects.toMatchObject({ code: "CELL_TAKEN" });
    await x.call.move({ cell: 1 });
    await o.call.move({ cell: 4 });
    const last = await x.call.move({ cell: 2 });
    expect(last.winner).toBe("X");
    await expect(watcher.call.move({ cell: 8 })).rejects.toMatchObject({ code: "NOT_A_PLAYER" });
    await expect(o.call.move({ cell: 8 })).rejects.toMatchObject({ code: "GAME_OVER" });
    expect((await app.durableObjects.__accessor__.get("m1").state()).board.slice(0, 3)).toEqual(["X", "X", "X"]);
    expect(seen).toContain(5);
    for (const client of [x, o, watcher]) client.close();
  });
});
