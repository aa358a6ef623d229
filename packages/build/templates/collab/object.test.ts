import { createTestApp, type TestApp } from "@dorm/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type DocObject from "../app/objects/__route__.ts";

// Runs app/objects/__route__.ts on local workerd: `npm test` (dorm build, then vitest).
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ root: new URL("..", import.meta.url) });
});
afterAll(() => app?.dispose());

const open = async (doc: string, name: string) => {
  const client = app.client<typeof DocObject>(`/objects/__route__/${doc}?name=${name}`);
  await client.ready();
  return client;
};

describe("__accessor__", () => {
  it("edits on the current version apply and reach the other editors", async () => {
    const ann = await open("notes", "ann");
    const ben = await open("notes", "ben");
    const benSaw = new Promise((resolve) => ben.on("edit", resolve));
    expect(await ann.call.edit({ version: 0, at: 0, remove: 0, insert: "hello world" })).toEqual({ version: 1 });
    expect(await benSaw).toMatchObject({ version: 1, insert: "hello world", by: "ann" });
    expect(await ben.call.edit({ version: 1, at: 6, remove: 5, insert: "there" })).toEqual({ version: 2 });
    expect(await app.durableObjects.__accessor__.get("notes").read()).toEqual({ text: "hello there", version: 2 });
    ann.close();
    ben.close();
  });

  it("a stale edit is refused, with the current document to rebase on", async () => {
    const cy = await open("draft", "cy");
    await cy.call.edit({ version: 0, at: 0, remove: 0, insert: "abc" });
    const doc = new Promise((resolve) => cy.on("doc", resolve));
    await expect(cy.call.edit({ version: 0, at: 0, remove: 0, insert: "zzz" })).rejects.toMatchObject({ code: "STALE_VERSION" });
    expect(await doc).toEqual({ text: "abc", version: 1 });
    await expect(cy.call.edit({ version: 1, at: 9, remove: 0, insert: "!" })).rejects.toMatchObject({ code: "OUT_OF_RANGE" });
    expect(await app.durableObjects.__accessor__.get("draft").read()).toEqual({ text: "abc", version: 1 });
    cy.close();
  });
});
