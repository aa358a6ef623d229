import { DormError } from "../errors.js";
import type { Feature } from "../object/features.js";
import { createSql, kvOnlySql } from "./sql.js";
import { STATE_KEY } from "./keys.js";
import { DormStorage } from "./storage.js";
import { checkEntrySize } from "./storage-limits.js";

// The state features the generated entry hands to objects (see object/features.ts). Each export
// is bundled only when the build includes that feature, so an app that keeps no state pays for
// none of the size checks, and one that never touches ctx.sql for none of its checks.

/** The `state` feature: a new state must pass `validateState` and fit the storage limits. */
export const stateFeature: Feature<"state"> = (def) => {
  const kind = def.storage === "kv" ? "kv" : "sqlite";
  return (value, where, label) => {
    if (def.validateState?.(value) === false) {
      throw new DormError("DORM_INVALID_STATE", `${where}: validateState refused the new state of ${label}; the last good state is kept.`);
    }
    // Only `init` may leave the state undefined: nothing is stored then.
    if (value === undefined && where === "init") return;
    checkEntrySize(kind, STATE_KEY, value, where, "the state");
  };
};

/** The `storage` feature: `ctx.storage`, with dorm's keys hidden and the size limits checked. */
export const storageFeature: Feature<"storage"> = () => (raw, kind, afterDeleteAll) => new DormStorage(raw, kind, afterDeleteAll);

/** The `sql` feature: `ctx.sql`, with bound parameters and the SQL limits checked. */
export const sqlFeature: Feature<"sql"> = (_def, info) => (raw, kind) => createSql(kind === "kv" ? kvOnlySql(info.object) : () => raw.storage.sql);
