import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/main.js";
import { formatJournal, nextTag } from "../src/migrations/journal.js";
import type { PlannedObject } from "../src/migrations/plan.js";
import type { MigrationStep } from "../src/migrations/types.js";
import { history, run } from "./history-model.js";
import { outputFiles, tempApp, type TempApp } from "./temp-app.js";

// Random edits of a valid, sealed journal, the kind a hand edit or a careless merge makes: two
// steps swapped, a step retagged, a step dropped, a `deleted_classes` step for a live class
// inserted (as written by hand, or even with the digests recomputed). Every one must be refused
// by `dorm build` and by `dorm migrations check`, and leave dist/ (every output) as it was.
const RUNS = Number(process.env.DORM_JOURNAL_EDIT_RUNS ?? 100);
const SEED = Number(process.env.DORM_PROPERTY_SEED ?? 20261123);

type Edit =
  | { kind: "swap"; a: number; b: number }
  | { kind: "retag"; at: number; tag: string }
  | { kind: "drop"; at: number }
  | { kind: "insertDelete"; at: number; pick: number; resealed: boolean };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("swap" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("retag" as const), at: fc.nat(), tag: fc.oneof(fc.constantFrom("v1", "v2", "v9", "hotfix", "initial"), fc.nat(40).map((n) => `v${n}`)) }),
  fc.record({ kind: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("insertDelete" as const), at: fc.nat(), pick: fc.nat(), resealed: fc.boolean() }),
);

/** The journal's text after the edit, or null when the edit does not apply to this history. */
function applyEdit(steps: readonly MigrationStep[], live: readonly PlannedObject[], e: Edit): string | null {
  const sealed = JSON.parse(formatJournal(steps)) as { migrations: MigrationStep[]; digests: string[] };
  const edited = [...sealed.migrations];
  const n = edited.length;
  switch (e.kind) {
    case "swap": {
      if (n < 2) return null;
      const a = e.a % n;
      const b = (a + 1 + (e.b % (n - 1))) % n;
      [edited[a], edited[b]] = [edited[b]!, edited[a]!];
      break;
    }
    case "retag": {
      if (n === 0) return null;
      const at = e.at % n;
      if (edited.some((s) => s.tag === e.tag)) return null;
      edited[at] = { ...edited[at]!, tag: e.tag };
      break;
    }
    case "drop":
      if (n === 0) return null;
      edited.splice(e.at % n, 1);
      break;
    case "insertDelete": {
      if (live.length === 0) return null;
      const className = live[e.pick % live.length]!.className;
      edited.splice(e.at % (n + 1), 0, { tag: nextTag(edited), deleted_classes: [className] });
      if (e.resealed) return formatJournal(edited);
      break;
    }
  }
  return `${JSON.stringify({ migrations: edited, digests: sealed.digests }, null, 2)}\n`;
}

function objectFile(o: PlannedObject): string {
  const options = [o.storage === "kv" ? `storage: "kv",` : "", o.renamedFrom ? `renamedFrom: ${JSON.stringify(o.renamedFrom)},` : ""].join(" ");
  return `import { defineDurableObject } from "dorm";\nexport default defineDurableObject({ ${options} methods: { get() { return 1; } } });\n`;
}

const outputs = (root: string) => outputFiles(root, ["dist", ".dorm", ".wrangler/deploy"]);

let stderr = "";
beforeAll(() => {
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
});
afterAll(() => vi.restoreAllMocks());

describe("journal edits, property-based", () => {
  it(`${RUNS} random edits of valid journals: refused by dorm build and dorm migrations check; dist/ unchanged`, async () => {
    const refusals = new Map<string, number>();
    let app: TempApp | undefined;
    try {
      await fc.assert(
        fc.asyncProperty(history, edit, async (ops, e) => {
          const session = run(ops);
          const live = [...session.files.values()];
          const text = applyEdit(session.journal, live, e);
          fc.pre(text !== null);
          await app?.cleanup();
          app = await tempApp({
            "dorm.migrations.json": formatJournal(session.journal),
            ...Object.fromEntries(live.map((o) => [`app/objects/${o.className}.ts`, objectFile(o)])),
          });
          const root = app.root;
          expect(await main(["build", "--root", root])).toBe(0);
          expect(readFileSync(join(root, "dorm.migrations.json"), "utf8")).toBe(formatJournal(session.journal));
          const before = outputs(root);
          expect(before.has("dist/wrangler.json")).toBe(true);

          await app.write({ "dorm.migrations.json": text! });
          stderr = "";
          expect(await main(["build", "--root", root])).toBe(1);
          expect(await main(["migrations", "check", "--root", root])).toBe(1);
          expect(outputs(root)).toEqual(before);
          expect(readFileSync(join(root, "dorm.migrations.json"), "utf8")).toBe(text);
          const code = /error\[(DORM_[A-Z_]+)\]/.exec(stderr)?.[1] ?? "none";
          const key = `${e.kind}${e.kind === "insertDelete" && e.resealed ? " (resealed)" : ""}: ${code}`;
          refusals.set(key, (refusals.get(key) ?? 0) + 1);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    } finally {
      await app?.cleanup();
    }
    // Every kind of edit was tried, and refused for the reason it should be.
    console.log(`journal edits refused: ${[...refusals].map(([k, n]) => `${k} ×${n}`).join(", ")}`);
    const seen = [...refusals.keys()].join("\n");
    expect(seen).toMatch(/^swap: DORM_JOURNAL_EDITED$/m);
    expect(seen).toMatch(/^retag: DORM_JOURNAL_EDITED$/m);
    expect(seen).toMatch(/^drop: DORM_JOURNAL_EDITED$/m);
    expect(seen).toMatch(/^insertDelete: DORM_JOURNAL_EDITED$/m);
    expect(seen).toMatch(/^insertDelete \(resealed\): DORM_(CLASS_RETIRED|BAD_MIGRATION)$/m);
  });
});
