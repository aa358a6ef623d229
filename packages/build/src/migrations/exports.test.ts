import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { history, run } from "../../test/history-model.js";
import { BuildError } from "../errors.js";
import { EXPORT_STORAGE, exportsFromHistory } from "./exports.js";
import type { MigrationStep } from "./types.js";

function exportsOrError(steps: readonly MigrationStep[]): unknown {
  try {
    return exportsFromHistory(steps);
  } catch (error) {
    if (error instanceof BuildError) return { error: error.code, message: error.message };
    throw error;
  }
}

const named: Record<string, MigrationStep[]> = {
  "add sqlite and kv": [{ tag: "v1", new_sqlite_classes: ["Room"], new_classes: ["Cache"] }],
  "rename keeps storage": [
    { tag: "v1", new_classes: ["ChatRoom"] },
    { tag: "v2", renamed_classes: [{ from: "ChatRoom", to: "Room" }] },
  ],
  "rename chain": [
    { tag: "v1", new_sqlite_classes: ["A"] },
    { tag: "v2", renamed_classes: [{ from: "A", to: "B" }] },
    { tag: "v3", renamed_classes: [{ from: "B", to: "C" }], new_sqlite_classes: ["D"] },
  ],
  "explicit delete": [
    { tag: "v1", new_sqlite_classes: ["Room", "Lobby"] },
    { tag: "v2", deleted_classes: ["Lobby"] },
  ],
  "name used again after a delete (refused)": [
    { tag: "v1", new_sqlite_classes: ["Room"] },
    { tag: "v2", deleted_classes: ["Room"] },
    { tag: "v3", new_sqlite_classes: ["Room"] },
  ],
  "transfer (refused)": [{ tag: "v1", transferred_classes: [{ from: "X", from_script: "other", to: "Y" }] }],
};

describe("exports output (golden)", () => {
  it("hand-written histories", async () => {
    const out = Object.fromEntries(Object.entries(named).map(([name, steps]) => [name, { migrations: steps, exports: exportsOrError(steps) }]));
    await expect(`${JSON.stringify(out, null, 2)}\n`).toMatchFileSnapshot("./__golden__/exports-named.json.golden");
  });

  it("the property test's histories (first 25 with its seed)", async () => {
    const samples = fc.sample(history, { numRuns: 25, seed: 20261123 });
    const out = samples.map((ops) => {
      const { journal } = run(ops);
      return { ops, migrations: journal, exports: exportsOrError(journal) };
    });
    await expect(`${JSON.stringify(out, null, 2)}\n`).toMatchFileSnapshot("./__golden__/exports-histories.json.golden");
  });

  it("every live class is an entry with its storage; every retired name a tombstone", () => {
    fc.assert(
      fc.property(history, (ops) => {
        const session = run(ops);
        const result = exportsOrError(session.journal) as Record<string, { state?: string; storage?: string }> | { error: string };
        if ("error" in result && typeof result.error === "string") {
          expect(result.error).toBe("DORM_EXPORTS_UNSUPPORTED");
          return;
        }
        const entries = result as Record<string, { state?: string; storage?: string }>;
        const live = Object.entries(entries).filter(([, e]) => e.state === undefined);
        expect(new Map(live.map(([n, e]) => [n, e.storage]))).toEqual(new Map([...session.files.values()].map((f) => [f.className, EXPORT_STORAGE[f.storage]])));
        for (const step of session.journal) {
          for (const name of step.deleted_classes ?? []) expect(entries[name]?.state).toBe("deleted");
        }
      }),
      { numRuns: 500, seed: 20261123 },
    );
  });
});
