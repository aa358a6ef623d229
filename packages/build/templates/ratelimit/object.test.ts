import { createTestApp, type TestApp } from "@dorm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Runs app/objects/__route__.ts on local workerd: `npm test` (dorm build, then vitest).
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ root: new URL("..", import.meta.url) });
});
afterAll(() => app?.dispose());

describe("__accessor__", () => {
  it("admits exactly its capacity under concurrent requests, then says when to retry", async () => {
    const limiter = app.durableObjects.__accessor__.get("client-1");
    const decisions = await Promise.all(Array.from({ length: 25 }, () => limiter.take()));
    const allowed = decisions.filter((d) => d.allowed);
    expect(allowed).toHaveLength(10);
    expect(allowed.map((d) => d.remaining).sort((a, b) => b - a)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const denied = decisions.filter((d) => !d.allowed);
    expect(denied.every((d) => d.retryAfterMs > 0 && d.retryAfterMs <= 1000)).toBe(true);
  });

  it("keys are independent, and reset refills", async () => {
    const a = app.durableObjects.__accessor__.get("client-a");
    for (let i = 0; i < 10; i++) await a.take();
    expect((await a.take()).allowed).toBe(false);
    expect((await app.durableObjects.__accessor__.get("client-b").take()).allowed).toBe(true);
    await a.reset();
    expect((await a.take()).allowed).toBe(true);
  });
});
