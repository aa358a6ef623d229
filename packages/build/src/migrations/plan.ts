import type { StorageKind } from "../analyze.js";
import { BuildError, BuildErrors } from "../errors.js";
import type { Retirement } from "./replay.js";
import { JOURNAL_FILE, type LiveClasses, type MigrationStep } from "./types.js";

/** What the planner needs to know of one object. */
export interface PlannedObject {
  readonly file: string;
  readonly className: string;
  readonly storage: StorageKind;
  readonly renamedFrom: string | null;
}

export type PlannedStep = Omit<MigrationStep, "tag">;

/** Renames a history has already applied, as `from→to` keys for `planStep`. */
export function appliedRenames(history: readonly MigrationStep[]): Set<string> {
  return new Set(history.flatMap((step) => (step.renamed_classes ?? []).map(({ from, to }) => `${from}→${to}`)));
}

const STORAGE_FIX = (className: string) =>
  `a class cannot change storage kind. Keep ${className} as it is, add a new object file with the storage you want, move the data over (read from the old object, write to the new one), then delete the old class with \`dorm migrations delete ${className} --yes\`.`;

/** A file that defines a class the history deleted or renamed away: never a new class under that name. */
function retiredError(object: PlannedObject, retirement: Retirement): BuildError {
  const { file, className } = object;
  const what = retirement.renamedTo === null ? `deletes ${className}` : `renames ${className} to ${retirement.renamedTo}`;
  const meant =
    retirement.renamedTo === null
      ? `if ${className} is meant to be gone, remove ${file}`
      : `if the rename is meant, remove ${file} (${className}'s objects and data live on as ${retirement.renamedTo})`;
  return new BuildError(
    "DORM_CLASS_RETIRED",
    `${file} defines ${className}, but step ${JSON.stringify(retirement.tag)} of ${JOURNAL_FILE} ${what}. Building would create a new, empty ${className}, and a deploy of that history ${retirement.renamedTo === null ? `destroys every ${className} object and its data` : "leaves these objects without their data"}.`,
    `${meant}. If that step came from a merge or a hand edit and was never deployed, restore ${JOURNAL_FILE} from the branch you deploy from (git checkout <that branch> -- ${JOURNAL_FILE}) and build again. For a new, unrelated class, give the file another name.`,
    { file },
  );
}

/**
 * Compare the live classes (from replaying the journal) with the app's objects and return the
 * one step that brings them in line, or null when nothing changes. Never emits
 * `deleted_classes`: a live class without an object file is an error, because deleting a class
 * deletes every object of it and all their storage. `applied` (from `appliedRenames`) tells a
 * `renamedFrom` left in the source after its rename from a new request. `retired` (from
 * `retiredClasses`) are the names the history deleted or renamed away: a file defining one is an
 * error, never a new class.
 */
export function planStep(
  live: LiveClasses,
  objects: readonly PlannedObject[],
  applied: ReadonlySet<string> = new Set(),
  retired: ReadonlyMap<string, Retirement> = new Map(),
): PlannedStep | null {
  const errors: BuildError[] = [];
  const renamed: { from: string; to: string }[] = [];
  const created: PlannedObject[] = [];
  const claimed = new Set<string>();
  const byClass = new Map(objects.map((o) => [o.className, o]));
  const renameSources = new Map<string, PlannedObject>();

  for (const object of objects) {
    const { file, className, renamedFrom, storage } = object;
    const liveKind = live.get(className);
    if (liveKind !== undefined) {
      claimed.add(className);
      if (liveKind !== storage) {
        errors.push(new BuildError("DORM_STORAGE_CHANGE", `${className} (${file}) is live with storage "${liveKind}" but now says storage: "${storage}".`, STORAGE_FIX(className), { file }));
      }
      // A renamedFrom whose rename the history already applied is left-over and harmless;
      // any other on a live class asks to rename onto it, which Cloudflare refuses.
      if (renamedFrom !== null && !applied.has(`${renamedFrom}→${className}`)) {
        errors.push(
          live.has(renamedFrom)
            ? new BuildError("DORM_RENAME_ONTO_LIVE", `${file} renames ${renamedFrom} to ${className}, but ${className} is already a live class.`, `give the object a new name (a rename needs a class that does not exist yet), or remove renamedFrom.`, { file })
            : new BuildError("DORM_UNKNOWN_RENAME", `${file} says renamedFrom: "${renamedFrom}", but ${renamedFrom} is not a live class and ${className} was never renamed from it.`, "remove renamedFrom, or use the exact name of a live class.", { file }),
        );
      }
      continue;
    }
    if (renamedFrom === null) {
      const retirement = retired.get(className);
      if (retirement) errors.push(retiredError(object, retirement));
      else created.push(object);
      continue;
    }
    const fromKind = live.get(renamedFrom);
    const other = renameSources.get(renamedFrom);
    if (fromKind === undefined) {
      const known = [...live.keys()].sort().join(", ") || "none";
      errors.push(new BuildError("DORM_UNKNOWN_RENAME", `${file} says renamedFrom: "${renamedFrom}", but ${renamedFrom} is not a live class (live: ${known}).`, `use the exact name of a live class, or remove renamedFrom to create ${className} as a new class.`, { file }));
    } else if (other) {
      errors.push(new BuildError("DORM_DUPLICATE_RENAME", `${file} and ${other.file} are both renamed from ${renamedFrom}.`, `only one object can take over ${renamedFrom}; remove renamedFrom from the other.`, { file }));
    } else if (byClass.has(renamedFrom)) {
      errors.push(new BuildError("DORM_RENAME_ONTO_LIVE", `${file} renames ${renamedFrom} to ${className}, but ${byClass.get(renamedFrom)!.file} still defines ${renamedFrom}.`, `remove or rename ${byClass.get(renamedFrom)!.file}, or remove renamedFrom.`, { file }));
    } else if (fromKind !== storage) {
      errors.push(new BuildError("DORM_STORAGE_CHANGE", `${file} renames ${renamedFrom} (storage "${fromKind}") but says storage: "${storage}".`, STORAGE_FIX(renamedFrom), { file }));
    } else {
      renameSources.set(renamedFrom, object);
      claimed.add(renamedFrom);
      renamed.push({ from: renamedFrom, to: className });
    }
  }

  for (const className of [...live.keys()].sort()) {
    if (claimed.has(className)) continue;
    errors.push(
      new BuildError(
        "DORM_OBJECT_REMOVED",
        `the class ${className} is live (it is in the migration history) but no file in app/objects/ defines it.`,
        `restore its object file; or, to rename it, add renamedFrom: "${className}" to the object that replaces it; or, to destroy every ${className} object and all its data, run \`dorm migrations delete ${className} --yes\`.`,
      ),
    );
  }
  if (errors.length > 0) throw new BuildErrors(errors);

  const step: PlannedStep = {};
  if (renamed.length > 0) step.renamed_classes = renamed;
  const sqlite = created.filter((o) => o.storage === "sqlite").map((o) => o.className);
  const kv = created.filter((o) => o.storage === "kv").map((o) => o.className);
  if (kv.length > 0) step.new_classes = kv;
  if (sqlite.length > 0) step.new_sqlite_classes = sqlite;
  return Object.keys(step).length > 0 ? step : null;
}
