import { createTestApp, type TestApp } from "@dorm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Runs app/objects/__route__.ts on local workerd: `npm test` (dorm build, then vitest).
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ root: new URL("..", import.meta.url) });
});
afterAll(() => app?.dispose());

describe("__accessor__", () => {
  it("counts up and down, one object per name", async () => {
    const views = app.durableObjects.__accessor__.get("views");
    expect(await views.increment()).toBe(1);
    expect(await views.increment(5)).toBe(6);
    expect(await views.decrement(2)).toBe(4);
    expect(await app.durableObjects.__accessor__.get("other").get()).toBe(0);
    await expect(views.increment(1.5)).rejects.toThrow(/integer/);
  });

  it("keeps its value across a restart", async () => {
    const kept = app.durableObjects.__accessor__.get("kept");
    await kept.increment(41);
    await app.restart();
    expect(await app.durableObjects.__accessor__.get("kept").increment()).toBe(42);
  });
});
