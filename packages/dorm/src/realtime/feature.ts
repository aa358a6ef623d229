import type { Feature } from "../object/features.js";
import type { RealtimeParts } from "./parts.js";
import { Realtime } from "./realtime.js";
import { DormError } from "../errors.js";
import { readRealtime } from "./settings.js";

/**
 * The `realtime` feature, for objects that take connections (`CONNECTION_OPTIONS`: `connect`,
 * `messages`, `receive`, `accepted`), with the parts of it the app uses (realtime/parts.ts).
 * When the worker loads it checks each definition's realtime options (with the `checks` part when
 * the build could not); each instance gets its connections on first use.
 */
export const realtimeFeature =
  (parts: RealtimeParts): Feature<"realtime"> =>
  (def, { object }) => {
    // Options the build could not read and check came with the checks part: it checks them, and
    // that the build has every part they need (for the others it chose the parts from the options).
    parts.checks?.(def as Record<string, unknown>, object, parts);
    const read = readRealtime(def);
    for (const [name, { schema }] of read.messages) {
      if (schema !== undefined && typeof schema?.["~standard"]?.validate !== "function") {
        throw new DormError(
          "DORM_BAD_DEFINITION",
          `defineDurableObject: messages.${name}.schema of ${object} is not a Standard Schema (it has no ["~standard"].validate); use zod, valibot, arktype or another https://standardschema.dev library.`,
        );
      }
    }
    const all = { ...read, parts };
    return (raw, ctx) => new Realtime(def, raw, ctx, object, all);
  };
