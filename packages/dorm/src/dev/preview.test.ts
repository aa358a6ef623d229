import { describe, expect, it } from "vitest";
import { preview, PREVIEW_LIMITS } from "./preview.js";

describe("preview: stored values as JSON for the inspector", () => {
  it("keeps JSON as it is", () => {
    const value = { count: 3, name: "ada", tags: ["a", "b"], nested: { ok: true, none: null } };
    expect(preview(value)).toEqual(value);
    expect(JSON.parse(JSON.stringify(preview(value)))).toEqual(value);
  });

  it("describes what JSON cannot hold", () => {
    expect(preview(new Date(0))).toEqual({ $type: "Date", value: "1970-01-01T00:00:00.000Z" });
    expect(preview(new Map([["k", 1]]))).toEqual({ $type: "Map", size: 1, entries: [["k", 1]] });
    expect(preview(new Set([1, 2]))).toEqual({ $type: "Set", size: 2, values: [1, 2] });
    expect(preview(new Uint8Array(5))).toEqual({ $type: "Uint8Array", bytes: 5 });
    expect(preview(new ArrayBuffer(3))).toEqual({ $type: "ArrayBuffer", bytes: 3 });
    expect(preview(10n)).toEqual({ $type: "bigint", value: "10" });
    expect(preview(undefined)).toEqual({ $type: "undefined" });
    expect(preview(Number.NaN)).toEqual({ $type: "number", value: "NaN" });
    expect(preview(new TypeError("bad"))).toEqual({ $type: "Error", name: "TypeError", message: "bad" });
  });

  it("cuts long strings, long lists, wide objects and deep nesting, saying how much is left out", () => {
    const long = "x".repeat(PREVIEW_LIMITS.chars + 5);
    expect(preview(long)).toEqual({ $type: "string", head: "x".repeat(PREVIEW_LIMITS.chars), length: PREVIEW_LIMITS.chars + 5 });
    const items = Array.from({ length: PREVIEW_LIMITS.items + 7 }, (_, i) => i);
    const cut = preview(items) as unknown[];
    expect(cut).toHaveLength(PREVIEW_LIMITS.items + 1);
    expect(cut.at(-1)).toEqual({ $type: "more", count: 7 });
    const wide = Object.fromEntries(items.map((i) => [`k${i}`, i]));
    expect((preview(wide) as Record<string, unknown>)["$more"]).toBe(7);
    let deep: unknown = "bottom";
    for (let i = 0; i < PREVIEW_LIMITS.depth + 2; i++) deep = [deep];
    expect(JSON.stringify(preview(deep))).toContain('"$type":"deep"');
  });

  it("marks cycles instead of recursing, but not a value seen twice side by side", () => {
    const a: Record<string, unknown> = { name: "a" };
    a["self"] = a;
    expect(preview(a)).toEqual({ name: "a", self: { $type: "cycle" } });
    const shared = { n: 1 };
    expect(preview([shared, shared])).toEqual([{ n: 1 }, { n: 1 }]);
  });
});
