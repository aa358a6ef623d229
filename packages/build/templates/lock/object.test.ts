import { createTestApp, type TestApp } from "@dorm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Runs app/objects/__route__.ts on local workerd: `npm test` (dorm build, then vitest).
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ root: new URL("..", import.meta.url) });
});
afterAll(() => app?.dispose());

describe("__accessor__", () => {
  it("one holder at a time; release lets the next in with a larger token", async () => {
    const lock = app.durableObjects.__accessor__.get("report");
    const first = await lock.acquire("alice", 60_000);
    expect(first).toMatchObject({ acquired: true, token: 1 });
    expect(await lock.acquire("bob", 60_000)).toMatchObject({ acquired: false, holder: "alice" });
    expect(await lock.release("bob", 1)).toBe(false);
    expect(await lock.release("alice", 1)).toBe(true);
    expect(await lock.acquire("bob", 60_000)).toMatchObject({ acquired: true, token: 2 });
  });

  it("an expired lease frees the lock through its schedule", async () => {
    const lock = app.durableObjects.__accessor__.get("job");
    expect(await lock.acquire("alice", 100)).toMatchObject({ acquired: true, token: 1 });
    // The expiry schedule fires on its own 100 ms later; poll for it, with a deadline.
    const deadline = Date.now() + 10_000;
    while ((await lock.status()).holder !== null) {
      if (Date.now() > deadline) throw new Error("the lease did not expire");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await lock.status()).toMatchObject({ holder: null, token: 1 });
    expect(await lock.acquire("bob", 60_000)).toMatchObject({ acquired: true, token: 2 });
  });
});
