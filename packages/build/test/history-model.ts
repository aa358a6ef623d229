import fc from "fast-check";
import { unstable_getDurableObjectClassNameToUseSQLiteMap as wranglerReplay } from "wrangler";
import { expect } from "vitest";
import type { StorageKind } from "../src/analyze.js";
import { BuildErrors } from "../src/errors.js";
import { planDelete } from "../src/migrations/delete.js";
import { nextTag } from "../src/migrations/journal.js";
import { appliedRenames, planStep, type PlannedObject } from "../src/migrations/plan.js";
import { replay, retiredClasses } from "../src/migrations/replay.js";
import type { MigrationStep } from "../src/migrations/types.js";

// A model of what a user does to app/objects/ (add, rename, explicit delete, removing a file
// without deleting, changing storage kind, rebuilding), run through the same planner the build
// uses, checking after every build that (a) the emitted list extends the previous one, (b)
// wrangler's own replay accepts it and leaves exactly the objects' classes live with their
// storage kinds, (c) deleted_classes only comes from an explicit delete, and that (d) a class
// the history deleted or renamed away is never created again.

export const NAMES = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"] as const;

export type Op =
  | { kind: "add"; name: number; storage: StorageKind }
  | { kind: "rename"; pick: number; to: number }
  | { kind: "delete"; pick: number }
  | { kind: "removeFileOnly"; pick: number }
  | { kind: "changeStorage"; pick: number }
  | { kind: "rebuild" };

export const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("add" as const), name: fc.nat(NAMES.length - 1), storage: fc.constantFrom<StorageKind>("sqlite", "sqlite", "kv") }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("rename" as const), pick: fc.nat(), to: fc.nat(NAMES.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("removeFileOnly" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("changeStorage" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: "rebuild" as const }) },
);

type Files = Map<string, PlannedObject>;

export function codesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof BuildErrors) return error.errors.map((e) => e.code);
    throw error;
  }
  return [];
}

export class Session {
  journal: MigrationStep[] = [];
  files: Files = new Map();
  readonly deleteTags = new Set<string>();
  builds = 0;
  refusedRetired = 0;

  /** What `dorm build` does to the journal; returns false when the build fails. */
  build(files: Files = this.files): MigrationStep | null {
    const step = planStep(replay(this.journal), [...files.values()], appliedRenames(this.journal), retiredClasses(this.journal));
    const next = step ? [...this.journal, { tag: nextTag(this.journal), ...step }] : this.journal;
    this.check(this.journal, next);
    this.journal = next;
    this.builds++;
    return step ? next[next.length - 1]! : null;
  }

  check(before: MigrationStep[], after: MigrationStep[]): void {
    // (a) never rewritten
    expect(after.slice(0, before.length)).toEqual(before);
    // (b) wrangler replays it and agrees on the live classes and their storage
    const wrangler = wranglerReplay(structuredClone(after));
    const expected = new Map([...this.files.values()].map((f) => [f.className, f.storage === "sqlite"]));
    expect(new Map([...wrangler].sort())).toEqual(new Map([...expected].sort()));
    expect(new Map([...replay(after)].map(([n, k]) => [n, k === "sqlite"] as const).sort())).toEqual(new Map([...expected].sort()));
    // (c) deletes only where the user asked for one
    for (const step of after) {
      if (step.deleted_classes?.length) expect(this.deleteTags.has(step.tag)).toBe(true);
    }
  }

  pick(index: number): PlannedObject | undefined {
    const list = [...this.files.values()];
    return list.length === 0 ? undefined : list[index % list.length];
  }

  apply(o: Op): void {
    switch (o.kind) {
      case "add": {
        const name = NAMES[o.name]!;
        if (this.files.has(name)) return;
        const file = { file: `app/objects/${name}.ts`, className: name, storage: o.storage, renamedFrom: null };
        if (retiredClasses(this.journal).has(name)) {
          // (d) a file for a deleted or renamed-away class is refused, and the journal stays as it was
          const before = this.journal;
          expect(codesOf(() => this.build(new Map([...this.files, [name, file]])))).toContain("DORM_CLASS_RETIRED");
          expect(this.journal).toBe(before);
          this.refusedRetired++;
          return;
        }
        this.files.set(name, file);
        const step = this.build();
        expect(step?.[o.storage === "kv" ? "new_classes" : "new_sqlite_classes"]).toEqual([name]);
        return;
      }
      case "rename": {
        const from = this.pick(o.pick);
        const to = NAMES[o.to]!;
        if (!from || this.files.has(to)) return;
        this.files.delete(from.className);
        this.files.set(to, { ...from, file: `app/objects/${to}.ts`, className: to, renamedFrom: from.className });
        expect(this.build()?.renamed_classes).toEqual([{ from: from.className, to }]);
        return;
      }
      case "delete": {
        const target = this.pick(o.pick);
        if (!target) return;
        // With the file still there, the command refuses.
        expect(() => planDelete(this.journal, target.className, new Map([[target.className, target.file]]))).toThrow(/still defines/);
        this.files.delete(target.className);
        const step = planDelete(this.journal, target.className, new Map());
        this.deleteTags.add(step.tag);
        const next = [...this.journal, step];
        this.check(this.journal, next);
        this.journal = next;
        expect(this.build()).toBeNull();
        return;
      }
      case "removeFileOnly": {
        const target = this.pick(o.pick);
        if (!target) return;
        const without = new Map(this.files);
        without.delete(target.className);
        const before = this.journal;
        expect(codesOf(() => this.build(without))).toContain("DORM_OBJECT_REMOVED");
        expect(this.journal).toBe(before);
        return;
      }
      case "changeStorage": {
        const target = this.pick(o.pick);
        if (!target) return;
        const changed = new Map(this.files);
        changed.set(target.className, { ...target, storage: target.storage === "kv" ? "sqlite" : "kv" });
        const before = this.journal;
        expect(codesOf(() => this.build(changed))).toContain("DORM_STORAGE_CHANGE");
        expect(this.journal).toBe(before);
        return;
      }
      case "rebuild":
        expect(this.build()).toBeNull();
    }
  }
}

/** The arbitrary for one whole history. */
export const history = fc.array(op, { minLength: 1, maxLength: 16 });

/** Run a history from scratch; the returned session holds the journal. */
export function run(ops: readonly Op[]): Session {
  const session = new Session();
  for (const o of ops) session.apply(o);
  return session;
}
