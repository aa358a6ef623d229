import { DormError } from "../errors.js";
import type { Feature } from "./features.js";

/**
 * The `checkBuild` part, in dev and test builds only (codegen/entry.ts): the generated class and
 * the definition must agree, and a mismatch means a stale or edited build. A production build
 * generates both from the same sources in one step, so its bundle leaves the check out.
 * Checked when the first instance of the class starts, once per class.
 */
export const checkBuild: Feature<"checkBuild"> = (def, info) => {
  let agreed = false;
  return () => {
    if (agreed) return;
    const actual = Object.keys(def.methods ?? {}).sort();
    const expected = [...info.methods].sort();
    if (actual.join("\n") !== expected.join("\n")) {
      throw new DormError(
        "DORM_STALE_BUILD",
        `object "${info.object}": the built class has methods [${expected.join(", ")}] but the definition has [${actual.join(", ")}]; run \`dorm build\` again (methods must be written literally in defineDurableObject({ methods: { ... } })).`,
      );
    }
    agreed = true;
  };
};
