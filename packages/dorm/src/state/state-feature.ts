import { DormError } from "../errors.js";
import type { Feature } from "../object/features.js";
import { STATE_KEY } from "./keys.js";
import { checkEntrySize } from "./storage-limits.js";

/**
 * The `state` feature (object/features.ts): a new state must pass `validateState` and fit the
 * storage limits. Bundled only for apps that keep state (`init`, `ctx.setState`), so an app that
 * keeps none pays for none of the size checks.
 */
export const stateFeature: Feature<"state"> = (def) => {
  const kind = def.storage === "kv" ? "kv" : "sqlite";
  return (value, where, label) => {
    if (def.validateState?.(value) === false) {
      throw new DormError("DORM_INVALID_STATE", `${where}: validateState refused the new state of ${label()}; the last good state is kept.`);
    }
    // Only `init` may leave the state undefined: nothing is stored then.
    if (value === undefined && where === "init") return;
    checkEntrySize(kind, STATE_KEY, value, where, "the state");
  };
};
