import { serialize } from "node:v8";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { measureByWalk, measureSerialized, serializedSizeBound } from "../src/state/serialized-size.js";
import { utf8Length } from "../src/state/utf8.js";

// The estimator runs in workerd, which has no v8.serialize; here Node's V8 is the reference.
// (This file lives in test/, not beside the code, because it needs Node's types.)
const actual = (value: unknown) => serialize(value).length;

function expectBound(value: unknown): void {
  expect(serializedSizeBound(value)).toBeGreaterThanOrEqual(actual(value));
}

describe("serializedSizeBound never under-estimates V8's serialized size", () => {
  it("random values of every serializable kind (fast-check, 2,000 runs)", () => {
    const value = fc.anything({
      maxDepth: 4,
      maxKeys: 8,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(value, (v) => serializedSizeBound(v) >= actual(v)),
      { numRuns: 2_000 },
    );
  });

  it("a flat plain object (the usual state) is bounded without the walk, to the byte the walk counts, and never under", () => {
    const primitive = fc.oneof(fc.string({ unit: "grapheme" }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "grapheme" }), primitive, { maxKeys: 12 }), (flat) => {
        const fast = measureSerialized(flat);
        expect(fast).toEqual(measureByWalk(flat));
        expect(fast.bytes).toBeGreaterThanOrEqual(actual(flat));
      }),
      { numRuns: 1_000 },
    );
    // Anything else takes the walk: nested values, and what storage refuses, with its path.
    expect(measureSerialized({ a: 1, nested: { b: 2 } })).toEqual(measureByWalk({ a: 1, nested: { b: 2 } }));
    expect(measureSerialized({ a: 1, f: () => 1 })).toMatchObject({ unserializable: "a function", path: ".f" });
    expect(measureSerialized({ s: Symbol("x") })).toMatchObject({ unserializable: "a symbol", path: ".s" });
  });

  it("the encodings JavaScript cannot see: two-byte strings, doubles, holey arrays, whole buffers", () => {
    const text = `€ ${"plain ascii line that is long enough\n".repeat(50)}`;
    const lines = text.split("\n");
    expectBound(lines); // ASCII lines of a two-byte string are two-byte themselves
    expectBound(text.slice(2));
    const points = [{ x: 1.5, y: 2 }, { x: 3, y: 4 }];
    expectBound(points[1]); // integers in a field that once held a double
    expectBound([1.5, 2, 3]); // double elements
    expectBound(new Array(1_000).fill(7)); // holey, written sparse with keys
    const sparse: number[] = [];
    sparse[2 ** 31] = 1;
    sparse[5] = 2;
    expectBound(sparse);
    expectBound(Object.assign([1, 2, 3], { extra: "prop" }));
    expectBound(new Uint8Array(new ArrayBuffer(4096), 100, 10));
    expectBound(Buffer.from("pooled"));
    expectBound({ 0: "a", 1: "b", 4294967295: "c", "-1": "d", "01": "e" });
    expectBound(2 ** 30);
    expectBound(-(2 ** 31));
    expectBound(-0);
    expectBound(2n ** 200n);
    expectBound(-(2n ** 64n));
    expectBound(new Date(0));
    expectBound(/a+b/giu);
    expectBound(new Map<unknown, unknown>([[{ k: 1 }, new Set([1, "2", null])]]));
    expectBound(Object.assign(new TypeError("bad", { cause: { why: "because" } }), { extra: 1 }));
    expectBound([undefined, null, true, false, "", "é", "😀"]);
  });

  it("repeated and cyclic objects cost a back-reference", () => {
    const shared = { big: "x".repeat(1_000) };
    const twice = [shared, shared];
    expect(serializedSizeBound(twice)).toBeLessThan(serializedSizeBound([shared, { big: "x".repeat(1_000) }]));
    expectBound(twice);
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expectBound(cyclic);
    const u8 = new Uint8Array(64);
    expectBound([u8, u8.subarray(8), u8.buffer]);
  });
});

describe("serializedSizeBound is usable as a limit check", () => {
  it("stays within a small factor of the real size for typical state", () => {
    const state = {
      topic: "room lobby",
      members: ["ada", "grace", "linus"],
      messages: Array.from({ length: 100 }, (_, i) => ({ from: "ada", text: `message number ${i}`, at: 1_700_000_000_000 + i })),
    };
    const bound = serializedSizeBound(state);
    expect(bound).toBeGreaterThanOrEqual(actual(state));
    expect(bound).toBeLessThan(actual(state) * 2.5);
    // Binary data is counted exactly, give or take the tags.
    const blob = new Uint8Array(100_000);
    expect(serializedSizeBound(blob) - actual(blob)).toBeLessThan(32);
  });

  it("stops at the budget instead of walking everything", () => {
    const huge = Array.from({ length: 1_000_000 }, (_, i) => i);
    const budget = 1_000;
    const bound = serializedSizeBound(huge, budget);
    expect(bound).toBeGreaterThan(budget);
    expect(bound).toBeLessThan(budget + 64);
    // Under the budget, the full bound (the one the doc comment explains).
    expect(serializedSizeBound({ count: 1 }, budget)).toBe(31);
    expect(serializedSizeBound({ count: 1 })).toBe(31);
  });
});

describe("values structured clone refuses", () => {
  it("are found and located in the same walk (the path is written only on failure)", () => {
    const fn = () => 1;
    expect(measureSerialized({ a: 1 }).unserializable).toBeNull();
    expect(measureSerialized({ a: [1, { b: fn }] }).unserializable).toBe("a function");
    expect(measureSerialized(new Map([[1, Symbol("s")]])).unserializable).toBe("a symbol");
    expect(measureSerialized({ a: [1, { b: fn }] }).path).toBe(".a[1].b");
    expect(measureSerialized(new Map([["k", new Set([fn])]])).path).toBe("<map value 0><set item 0>");
    expect(measureSerialized(fn).path).toBe("(the value itself)");
    expect(measureSerialized({ e: Object.assign(new Error("x"), { cause: fn }) }).path).toBe(".e.cause");
    const cyclic: Record<string, unknown> = { ok: 1 };
    cyclic.self = cyclic;
    expect(measureSerialized(cyclic).path).toBeNull();
    expect(() => serialize({ b: fn })).toThrow(); // as Node's V8 agrees
  });
});

describe("structured clone's other refusals, and what it would change", () => {
  class Point {
    constructor(
      readonly x: number,
      readonly y: number,
    ) {}
    norm() {
      return Math.hypot(this.x, this.y);
    }
  }
  const nest = (levels: number) => {
    const root: Record<string, unknown> = {};
    let node = root;
    for (let i = 1; i < levels; i++) node = (node.a = {}) as Record<string, unknown>;
    return root;
  };

  it("promises and weak collections (V8 refuses them), wherever they are", () => {
    expect(measureSerialized({ p: Promise.resolve(1) }).unserializable).toBe("a Promise");
    expect(measureSerialized([new WeakMap()]).unserializable).toBe("a WeakMap");
    expect(measureSerialized(new Set([new WeakSet()])).unserializable).toBe("a WeakSet");
    expect(measureSerialized({ r: new WeakRef({}) }).unserializable).toBe("a WeakRef");
    expect(measureSerialized({ ok: 1, later: [2, Promise.resolve(3)] }).path).toBe(".later[1]");
    for (const value of [Promise.resolve(1), new WeakMap(), new WeakSet()]) expect(() => serialize(value)).toThrow();
  });

  it("class instances: V8 keeps their fields only, so they would come back as plain objects", () => {
    const point = new Point(3, 4);
    expect(measureSerialized({ at: point }).unserializable).toMatch(/^an instance of Point \(storage keeps only its fields/);
    expect(measureSerialized({ at: point }).path).toBe(".at");
    expect(Object.getPrototypeOf(structuredClone(point))).toBe(Object.prototype);
    // What structured clone copies as it is stays accepted.
    const kept = [new Date(0), /x/g, new Map(), new Set(), new Uint8Array(2), new ArrayBuffer(2), new TypeError("t"), Object.create(null), [1]];
    expect(measureSerialized(kept).unserializable).toBeNull();
  });

  it("nesting: 1,000 levels are kept (V8 agrees), 1,001 are refused, located without overflowing the stack", () => {
    expect(measureSerialized(nest(1_000)).unserializable).toBeNull();
    expect(serializedSizeBound(nest(1_000))).toBeGreaterThanOrEqual(actual(nest(1_000)));
    expect(measureSerialized(nest(1_001)).unserializable).toBe("a value nested more than 1,000 levels deep");
    expect(measureSerialized(nest(1_001)).path).toBe(".a".repeat(1_000));
    // A value far deeper than V8 can serialize gets the same answer, not a RangeError.
    expect(measureSerialized(nest(200_000)).unserializable).toBe("a value nested more than 1,000 levels deep");
    expect(measureSerialized(nest(200_000)).path).toBe(".a".repeat(1_000));
  });
});

describe("utf8Length", () => {
  it("matches TextEncoder, surrogate pairs and lone surrogates included", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => utf8Length(s) === new TextEncoder().encode(s).byteLength),
      { numRuns: 2_000 },
    );
    expect(utf8Length("a€😀\ud800")).toBe(1 + 3 + 4 + 3);
  });
});
