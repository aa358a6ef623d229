import { describe, expect, it } from "vitest";
import { AnalysisCache } from "./analysis-cache.js";
import { analyzeObject } from "./analyze.js";
import { BuildError } from "./errors.js";

const FILE = "app/objects/room.ts";
const source = (methods: string) => `import { defineDurableObject } from "dorm";
export default defineDurableObject({ methods: { ${methods} } });
`;

describe("AnalysisCache", () => {
  it("gives the kept analysis for the same text, and a new one when the text changed", () => {
    const cache = new AnalysisCache();
    const first = cache.analyze(FILE, source("a(ctx) {}"));
    expect(first).toEqual(analyzeObject(FILE, source("a(ctx) {}")));
    expect(cache.analyze(FILE, source("a(ctx) {}"))).toBe(first);
    const changed = cache.analyze(FILE, source("a(ctx) {}, b(ctx) {}"));
    expect(changed.methods).toEqual(["a", "b"]);
    expect(cache.analyze(FILE, source("a(ctx) {}, b(ctx) {}"))).toBe(changed);
  });

  it("keeps the analysis per file: the same text in another file is analysed for that file", () => {
    const cache = new AnalysisCache();
    const text = source("a(ctx) {}");
    const room = cache.analyze(FILE, text);
    const other = cache.analyze("app/objects/other.ts", text);
    expect(other).not.toBe(room);
    expect(cache.analyze(FILE, text)).toBe(room);
  });

  it("never keeps a failure: the file is analysed and reported again until it is fixed", () => {
    const cache = new AnalysisCache();
    const broken = source("then(ctx) {}");
    for (let i = 0; i < 2; i++) expect(() => cache.analyze(FILE, broken)).toThrow(BuildError);
    expect(cache.analyze(FILE, source("a(ctx) {}")).methods).toEqual(["a"]);
  });

  it("retain forgets the files an app no longer has", () => {
    const cache = new AnalysisCache();
    const text = source("a(ctx) {}");
    const kept = cache.analyze(FILE, text);
    const dropped = cache.analyze("app/objects/gone.ts", text);
    cache.retain([FILE]);
    expect(cache.analyze(FILE, text)).toBe(kept);
    expect(cache.analyze("app/objects/gone.ts", text)).not.toBe(dropped);
  });
});
