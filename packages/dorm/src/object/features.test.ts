import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Context } from "./context.js";
import { FEATURE_MEMBERS, FEATURE_NAMES, REALTIME_PARTS } from "./feature-names.js";
import type { ObjectInfo } from "./features.js";
import { addLeftOut } from "./left-out.js";

// The generated entry imports each feature as `<name>Feature`, and the `ctx` members of those
// that have some as `<name>Members`, from `dorm/internal/<name>` (packages/build/src/codegen/entry.ts):
// every feature must be there, under those names.
const exportsMap = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).exports as Record<string, unknown>;
const membersOf = (name: string): readonly string[] | undefined => (FEATURE_MEMBERS as Record<string, readonly string[]>)[name];

describe("feature entries", () => {
  it.each([...FEATURE_NAMES, "realtime"])("dorm/internal/%s exports what the entry imports", async (name) => {
    expect(exportsMap).toHaveProperty(`./internal/${name}`);
    const module = (await import(`dorm/internal/${name}`)) as Record<string, unknown>;
    // Objects' features are functions of the definition; the worker's (sharding) is the part
    // itself; connections are members only.
    if (name !== "connections") expect(typeof module[`${name}Feature`]).toBe(name === "sharding" ? "object" : "function");
    const members = membersOf(name);
    if (members) expect(Object.keys(module[`${name}Members`] as object).sort()).toEqual([...members].sort());
  });
});

describe("realtime parts", () => {
  it.each([...REALTIME_PARTS])("dorm/internal/realtime/%s exports its <name>Part", async (name) => {
    expect(exportsMap).toHaveProperty(`./internal/realtime/${name}`);
    const module = (await import(`dorm/internal/realtime/${name}`)) as Record<string, unknown>;
    expect(typeof module[`${name}Part`]).toBe("function");
  });
});

describe("what a dev or test build puts in place of what it left out (addLeftOut)", () => {
  // Mutates Context.prototype, as the generated entry does once per worker: this file's own module graph.
  const leftOut = addLeftOut(["connections", "state"]);
  const proto = Context.prototype as unknown as Record<string, unknown>;
  const info: ObjectInfo = { object: "room", methods: [] };

  it.each([...FEATURE_MEMBERS.scheduler])("ctx.%s of a build without the scheduler throws DORM_NOT_BUILT naming it", (member) => {
    expect(() => (proto[member] as () => unknown).call({})).toThrow(
      new RegExp(`^\\[DORM_NOT_BUILT\\] ctx\\.${member} is not in this build: .*features: \\["scheduler"\\] to dorm\\.config\\.ts`),
    );
  });

  it("gives bundled member features no stand-in, and bundled parts none", () => {
    for (const member of FEATURE_MEMBERS.connections) expect(Object.hasOwn(Context.prototype, member)).toBe(false);
    expect(Object.keys(leftOut.parts).sort()).toEqual(["sockets", "sql", "storage"]);
  });

  it.each([
    ["storage", "ctx.storage"],
    ["sql", "ctx.sql"],
    ["sockets", "ctx.acceptWebSocket"],
  ] as const)("the %s part throws DORM_NOT_BUILT naming the object and the member", (part, member) => {
    const make = leftOut.parts[part]!({} as never, info) as () => unknown;
    expect(make).toThrow(`[DORM_NOT_BUILT] ${member} is not in this build of "room"`);
  });

  it("the worker gets a sharding part that throws DORM_NOT_BUILT", () => {
    expect(() => leftOut.worker.sharding!.stubForKey({} as never, "k", 4, "durableObjects.room.shard")).toThrow(
      /^\[DORM_NOT_BUILT\] durableObjects\.room\.shard is not in this build: .*features: \["sharding"\]/,
    );
    expect(addLeftOut(["sharding"]).worker).toEqual({});
  });
});
