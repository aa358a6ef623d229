import { BuildError } from "../errors.js";
import { nextTag } from "./journal.js";
import { replay } from "./replay.js";
import type { MigrationStep } from "./types.js";

/**
 * The one way `deleted_classes` enters a history: an explicit `dorm migrations delete`.
 * The class must be live and no object file may still define it.
 */
export function planDelete(history: readonly MigrationStep[], className: string, definedBy: ReadonlyMap<string, string>): MigrationStep {
  const live = replay(history);
  if (!live.has(className)) {
    const known = [...live.keys()].sort().join(", ") || "none";
    throw new BuildError("DORM_NOT_LIVE", `${className} is not a live class (live: ${known}); there is nothing to delete.`, "check the class name (it is case-sensitive): `dorm migrations status` lists the live classes.");
  }
  const file = definedBy.get(className);
  if (file) {
    throw new BuildError(
      "DORM_STILL_DEFINED",
      `${file} still defines ${className}.`,
      `remove ${file} first (or, to keep the data under a new name, rename it and add renamedFrom: "${className}" instead of deleting).`,
      { file },
    );
  }
  return { tag: nextTag(history), deleted_classes: [className] };
}
