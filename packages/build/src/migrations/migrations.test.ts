import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BuildError, BuildErrors } from "../errors.js";
import { formatJournal, nextTag, parseJournal } from "./journal.js";
import { appliedRenames, planStep, type PlannedObject } from "./plan.js";
import { replay } from "./replay.js";
import type { MigrationStep } from "./types.js";

const obj = (className: string, extra: Partial<PlannedObject> = {}): PlannedObject => ({
  file: `app/objects/${className.toLowerCase()}.ts`,
  className,
  storage: "sqlite",
  renamedFrom: null,
  ...extra,
});

function codes(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof BuildErrors) return error.errors.map((e) => e.code);
    if (error instanceof BuildError) return [error.code];
    throw error;
  }
  throw new Error("expected an error");
}

describe("replay", () => {
  it("applies deleted, renamed, then new, as wrangler does", () => {
    const steps: MigrationStep[] = [
      { tag: "v1", new_sqlite_classes: ["A", "B"], new_classes: ["K"] },
      { tag: "v2", deleted_classes: ["B"], renamed_classes: [{ from: "A", to: "B" }] },
    ];
    expect([...replay(steps)]).toEqual([
      ["K", "kv"],
      ["B", "sqlite"],
    ]);
  });

  it.each([
    [[{ tag: "v1", new_sqlite_classes: ["A"] }, { tag: "v1", new_sqlite_classes: ["B"] }], "used twice"],
    [[{ tag: "v1", deleted_classes: ["A"] }], "deletes A"],
    [[{ tag: "v1", renamed_classes: [{ from: "A", to: "B" }] }], "renames A"],
    [[{ tag: "v1", new_sqlite_classes: ["A", "B"] }, { tag: "v2", renamed_classes: [{ from: "A", to: "B" }] }], "already a live class"],
    [[{ tag: "v1", new_sqlite_classes: ["A"] }, { tag: "v2", new_classes: ["A"] }], "creates A"],
  ])("rejects a history that does not replay (%#), naming the step", (steps, text) => {
    let error: BuildError | undefined;
    try {
      replay(steps as MigrationStep[]);
    } catch (e) {
      error = e as BuildError;
    }
    expect(error?.code).toBe("DORM_BAD_MIGRATION");
    expect(error?.message).toContain(text);
    expect(error?.message).toMatch(/step \d+ \(tag "v\d"\)/);
  });
});

describe("journal", () => {
  it("round-trips and validates wrangler's step shape", () => {
    const steps: MigrationStep[] = [{ tag: "v1", new_sqlite_classes: ["A"] }, { tag: "v2", renamed_classes: [{ from: "A", to: "B" }] }];
    expect(parseJournal(formatJournal(steps))).toEqual({ steps, sealed: true });
    expect(codes(() => parseJournal("{"))).toEqual(["DORM_BAD_JOURNAL"]);
    expect(codes(() => parseJournal('{"migrations": [{"new_classes": ["A"]}]}'))).toEqual(["DORM_BAD_JOURNAL"]);
    expect(codes(() => parseJournal('{"migrations": [{"tag": "v1", "new_clases": ["A"]}]}'))).toEqual(["DORM_BAD_JOURNAL"]);
    expect(codes(() => parseJournal('{"migrations": [{"tag": "v1", "renamed_classes": [{"from": "A"}]}]}'))).toEqual(["DORM_BAD_JOURNAL"]);
  });

  it("next tag is above every vN and the step count, never reused", () => {
    expect(nextTag([])).toBe("v1");
    expect(nextTag([{ tag: "v1" }, { tag: "v2" }])).toBe("v3");
    expect(nextTag([{ tag: "v7" }])).toBe("v8");
    expect(nextTag([{ tag: "initial" }, { tag: "second" }])).toBe("v3");
  });

  it("adopted histories with any tags (property): the next tag is new, vN, and above every vN and the step count", () => {
    const tag = fc.oneof(
      fc.nat(60).map((n) => `v${n}`),
      fc.constantFrom("initial", "second", "v1-hotfix", "V3", "v01", "2024-06-01", "v", "vv2", " v4"),
      fc.string({ minLength: 1, maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(tag, { maxLength: 12 }), (tags) => {
        const next = nextTag(tags.map((t) => ({ tag: t })));
        expect(tags).not.toContain(next);
        const n = Number(/^v(\d+)$/.exec(next)?.[1]);
        expect(n).toBeGreaterThan(tags.length);
        for (const t of tags) {
          const m = /^v(\d+)$/.exec(t);
          if (m) expect(n).toBeGreaterThan(Number(m[1]));
        }
      }),
      { numRuns: 1_000, seed: 20261123 },
    );
  });
});

describe("planStep", () => {
  it("nothing to do", () => {
    expect(planStep(new Map([["A", "sqlite"]]), [obj("A")])).toBeNull();
  });

  it("new objects: SQLite by default, KV when asked", () => {
    expect(planStep(new Map(), [obj("A"), obj("K", { storage: "kv" })])).toEqual({ new_classes: ["K"], new_sqlite_classes: ["A"] });
  });

  it("renames and additions go in one step", () => {
    const live = new Map([["Old", "sqlite" as const]]);
    expect(planStep(live, [obj("New", { renamedFrom: "Old" }), obj("Extra")])).toEqual({
      renamed_classes: [{ from: "Old", to: "New" }],
      new_sqlite_classes: ["Extra"],
    });
    // Once applied, the leftover renamedFrom is harmless.
    const applied = appliedRenames([{ tag: "v1", new_sqlite_classes: ["Old"] }, { tag: "v2", renamed_classes: [{ from: "Old", to: "New" }] }]);
    expect(planStep(new Map([["New", "sqlite"]]), [obj("New", { renamedFrom: "Old" })], applied)).toBeNull();
  });

  it("a renamedFrom left behind after its rename is not mistaken for a new rename (found by the property test)", () => {
    const history: MigrationStep[] = [
      { tag: "v1", new_sqlite_classes: ["Zeta"] },
      { tag: "v2", renamed_classes: [{ from: "Zeta", to: "Alpha" }] },
      { tag: "v3", new_sqlite_classes: ["Zeta"] },
    ];
    // Zeta (the new one) is renamed to Beta while Alpha still says renamedFrom: "Zeta".
    const objects = [obj("Alpha", { renamedFrom: "Zeta" }), obj("Beta", { renamedFrom: "Zeta" })];
    expect(planStep(replay(history), objects, appliedRenames(history))).toEqual({ renamed_classes: [{ from: "Zeta", to: "Beta" }] });
    expect(codes(() => planStep(replay(history), objects))).toEqual(["DORM_RENAME_ONTO_LIVE"]);
  });

  it("a removed object fails with both ways out; nothing becomes deleted_classes", () => {
    let error: BuildErrors | undefined;
    try {
      planStep(new Map([["Gone", "sqlite"], ["A", "sqlite"]]), [obj("A")]);
    } catch (e) {
      error = e as BuildErrors;
    }
    expect(error?.errors.map((e) => e.code)).toEqual(["DORM_OBJECT_REMOVED"]);
    expect(error?.errors[0]?.fix).toContain("restore its object file");
    expect(error?.errors[0]?.fix).toContain("dorm migrations delete Gone --yes");
  });

  it("bad renames and storage changes", () => {
    expect(codes(() => planStep(new Map(), [obj("New", { renamedFrom: "Nope" })]))).toEqual(["DORM_UNKNOWN_RENAME"]);
    expect(codes(() => planStep(new Map([["Old", "sqlite"]]), [obj("A", { renamedFrom: "Old" }), obj("B", { renamedFrom: "Old" })]))).toEqual(["DORM_DUPLICATE_RENAME"]);
    expect(codes(() => planStep(new Map([["Old", "sqlite"]]), [obj("Old"), obj("New", { renamedFrom: "Old" })]))).toEqual(["DORM_RENAME_ONTO_LIVE"]);
    // Onto a live class, with the source still defined too.
    expect(codes(() => planStep(new Map([["Old", "sqlite"], ["New", "sqlite"]]), [obj("Old"), obj("New", { renamedFrom: "Old" })]))).toEqual(["DORM_RENAME_ONTO_LIVE"]);
    // A live class claiming a rename that never happened.
    expect(codes(() => planStep(new Map([["New", "sqlite"]]), [obj("New", { renamedFrom: "Ghost" })]))).toEqual(["DORM_UNKNOWN_RENAME"]);
    expect(codes(() => planStep(new Map([["Old", "sqlite"], ["New", "sqlite"]]), [obj("New", { renamedFrom: "Old" })]))).toEqual(["DORM_RENAME_ONTO_LIVE", "DORM_OBJECT_REMOVED"]);
    expect(codes(() => planStep(new Map([["A", "kv"]]), [obj("A")]))).toEqual(["DORM_STORAGE_CHANGE"]);
    expect(codes(() => planStep(new Map([["Old", "kv"]]), [obj("New", { renamedFrom: "Old" })]))).toEqual(["DORM_STORAGE_CHANGE", "DORM_OBJECT_REMOVED"]);
  });
});
