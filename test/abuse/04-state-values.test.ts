// Item 4: setState accepted values storage refuses (WeakMap, Promise, undefined), class instances
// came back as plain objects, and 3,000 levels of nesting gave a bare RangeError. Memory and
// storage then disagreed until the object was evicted. Now one check, shared by setState, init
// and storage.put, refuses all of them before anything is written.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kept } from "./app/app/objects/keeper.js";
import { ABUSE_APP, runApp, type RunningApp } from "./harness.js";

interface Keeper {
  attempt(kind: string, via: "setState" | "storage.put"): Promise<string>;
  bump(): Promise<number>;
  stored(): Promise<{ memory: Kept; storage: Kept; slot: unknown }>;
}

let app: RunningApp;
beforeAll(async () => {
  app = await runApp(ABUSE_APP);
});
afterAll(() => app?.dispose());

async function keeper(): Promise<Keeper> {
  const ns = await app.mf.getDurableObjectNamespace("KEEPER");
  return ns.get(ns.idFromName(randomUUID())) as unknown as Keeper;
}

const REFUSALS: [kind: string, says: RegExp][] = [
  ["weakMap", /holds a WeakMap at \.cache/],
  ["promise", /holds a Promise at \.pending/],
  ["undefined", /is undefined, which storage cannot keep/],
  ["classInstance", /holds an instance of Point \(storage keeps only its fields: it would come back as a plain object\) at \.at/],
  ["deep", /holds a value nested more than 1,000 levels deep at \.next\.next/],
];

describe("4. setState and storage.put take only what storage keeps", () => {
  it.each(REFUSALS)("%s: refused at once with DORM_UNSERIALIZABLE; memory and storage still agree", async (kind, says) => {
    const k = await keeper();
    expect(await k.bump()).toBe(2);
    for (const via of ["setState", "storage.put"] as const) {
      const error = await k.attempt(kind, via);
      expect(error).toMatch(/^\[DORM_UNSERIALIZABLE\] /);
      expect(error).toMatch(says);
      expect(error).toContain("Nothing was stored.");
    }
    expect(await k.stored()).toEqual({ memory: { version: 2 }, storage: { version: 2 }, slot: undefined });
    // The object works on: the refusals left nothing half-done.
    expect(await k.bump()).toBe(3);
    expect(await k.stored()).toEqual({ memory: { version: 3 }, storage: { version: 3 }, slot: undefined });
  });
});
