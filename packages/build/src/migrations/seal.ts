import { createHash } from "node:crypto";
import { BuildError } from "../errors.js";
import { JOURNAL_FILE, type MigrationStep } from "./types.js";

// The journal's seal: digests[i] is a digest of steps 0..i, each chained to the one before, so an
// edit of any step already written changes its digest and every later one. A step edited, moved,
// retagged, removed or inserted by hand (or by a merge that kept both sides) no longer matches,
// and dorm refuses to build on it rather than deploy a history that may destroy data.

/** A step as text that does not depend on the order its keys were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The digest of each prefix of the history: `digests[i]` covers steps 0 to i. Pure. */
export function sealOf(steps: readonly MigrationStep[]): string[] {
  const digests: string[] = [];
  let previous = "dorm journal";
  for (const step of steps) {
    previous = createHash("sha256").update(`${previous}\n${canonical(step)}`).digest("hex");
    digests.push(previous);
  }
  return digests;
}

const tagsOf = (steps: readonly MigrationStep[]) => steps.map((s) => JSON.stringify(s.tag)).join(", ");

const FIX =
  `restore ${JOURNAL_FILE} from version control. After a merge, take the journal of the branch you deploy from ` +
  `(git checkout <that branch> -- ${JOURNAL_FILE}) and run \`dorm build\`: it appends the steps this branch's objects still need. ` +
  `Never edit the journal by hand: steps that may be deployed must stay as they were (\`dorm migrations delete <Class> --yes\` is how a class is deleted).`;

function edited(message: string): never {
  throw new BuildError("DORM_JOURNAL_EDITED", `${JOURNAL_FILE} ${message}`, FIX, { file: JOURNAL_FILE });
}

/** Check the journal's steps against the digests it carries; throws DORM_JOURNAL_EDITED naming the first step that differs. */
export function checkSeal(steps: readonly MigrationStep[], digests: unknown): void {
  if (!Array.isArray(digests) || !digests.every((d) => typeof d === "string")) edited('has a "digests" field that is not a list of digests; it was edited by hand.');
  const expected = sealOf(steps);
  const first = expected.findIndex((digest, i) => digest !== digests[i]);
  if (first !== -1 && first < digests.length) {
    const step = steps[first]!;
    edited(
      `was changed after dorm wrote it: step ${first + 1} (tag ${JSON.stringify(step.tag)}) no longer matches its digest, so it, or a step before it, was edited, moved, retagged, removed or inserted.`,
    );
  }
  if (steps.length > digests.length) {
    edited(`has ${steps.length - digests.length} step(s) dorm did not write (tags ${tagsOf(steps.slice(digests.length))}): they were added by hand or by a merge.`);
  }
  if (steps.length < digests.length) {
    edited(`lost its last ${digests.length - steps.length} step(s): it holds ${steps.length} step(s) but ${digests.length} digests.`);
  }
}
