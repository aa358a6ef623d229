import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { history, run } from "../../test/history-model.js";
import { formatJournal, parseJournal } from "./journal.js";

// Deterministic by default; DORM_PROPERTY_RUNS and DORM_PROPERTY_SEED explore further.
const RUNS = Number(process.env.DORM_PROPERTY_RUNS ?? 500);
export const SEED = Number(process.env.DORM_PROPERTY_SEED ?? 20261123);

describe("migration planner, property-based", () => {
  it(`${RUNS} random histories: append-only, replayed by wrangler, deletes only when asked`, () => {
    let steps = 0;
    let deletes = 0;
    let renames = 0;
    let retired = 0;
    fc.assert(
      fc.property(history, (ops) => {
        const session = run(ops);
        expect(parseJournal(formatJournal(session.journal))).toEqual({ steps: session.journal, sealed: true });
        retired += session.refusedRetired;
        steps += session.journal.length;
        deletes += session.journal.filter((s) => s.deleted_classes).length;
        renames += session.journal.filter((s) => s.renamed_classes).length;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The generator really exercises every kind of step.
    expect(steps).toBeGreaterThan(RUNS);
    expect(deletes).toBeGreaterThan(RUNS / 10);
    expect(renames).toBeGreaterThan(RUNS / 10);
    expect(retired).toBeGreaterThan(RUNS / 10);
  });
});
