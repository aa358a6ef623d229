import { describe, expect, it } from "vitest";
import type { ObjectEntry } from "./manifest.js";
import { typeNotes } from "./type-notes.js";

const object = (overrides: Partial<ObjectEntry>): ObjectEntry => ({
  file: "app/objects/counter.ts",
  route: "counter",
  accessor: "counter",
  binding: "COUNTER",
  className: "Counter",
  methods: ["increment", "getCount"],
  handlers: [],
  hasInit: true,
  storage: "sqlite",
  renamedFrom: null,
  declaredBinding: null,
  realtime: false,
  typeArgumentLine: null,
  features: [],
  realtimeParts: [],
  ...overrides,
});

describe("typeNotes", () => {
  it("says nothing when every definition infers its types", () => {
    expect(typeNotes({ worker: null, objects: [object({})], features: [] })).toEqual([]);
  });

  it("names the file, line and methods of a definition given a type argument, and the fix", () => {
    const [note, ...rest] = typeNotes({ worker: null, objects: [object({ typeArgumentLine: 9 }), object({ file: "app/objects/room.ts", accessor: "room" })], features: [] });
    expect(rest).toEqual([]);
    expect(note).toContain("app/objects/counter.ts:9: defineDurableObject<...>(...) is given a type argument");
    expect(note).toContain("durableObjects.counter see its methods (increment, getCount) with unknown parameters and results");
    expect(note).toContain("fix: drop the type argument and type init's result instead — init: (): State => ({ ... })");
  });
});
