import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FEATURE_NAMES, REALTIME_PARTS } from "./feature-names.js";

// The generated entry imports each feature as `<name>Feature` from `dorm/internal/<name>`
// (packages/build/src/codegen/entry.ts): every feature must be there, under that name.
const exportsMap = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).exports as Record<string, unknown>;

describe("feature entries", () => {
  it.each([...FEATURE_NAMES, "realtime"])("dorm/internal/%s exports its <name>Feature", async (name) => {
    expect(exportsMap).toHaveProperty(`./internal/${name}`);
    const module = (await import(`dorm/internal/${name}`)) as Record<string, unknown>;
    // Objects' features are functions of the definition; the worker's (sharding) is the part itself.
    expect(typeof module[`${name}Feature`]).toBe(name === "sharding" ? "object" : "function");
  });
});

describe("realtime parts", () => {
  it.each([...REALTIME_PARTS])("dorm/internal/realtime/%s exports its <name>Part", async (name) => {
    expect(exportsMap).toHaveProperty(`./internal/realtime/${name}`);
    const module = (await import(`dorm/internal/realtime/${name}`)) as Record<string, unknown>;
    expect(typeof module[`${name}Part`]).toBe("function");
  });
});
