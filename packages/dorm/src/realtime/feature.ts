import type { Feature } from "../object/features.js";
import type { RealtimeParts } from "./parts.js";
import { Realtime } from "./realtime.js";
import { DormError } from "../errors.js";
import { readRealtime } from "./settings.js";

/**
 * The `realtime` feature, for objects that take connections (`CONNECTION_OPTIONS`: `connect`,
 * `messages`, `receive`, `accepted`), with the parts of it the app uses (realtime/parts.ts).
 * When the worker loads it checks each definition's realtime options (with the `checks` part when
 * the build could not), and that this build has every part they need; each instance gets its
 * connections on first use.
 */
export const realtimeFeature =
  (parts: RealtimeParts): Feature<"realtime"> =>
  (def, { object }) => {
    parts.checks?.(def as Record<string, unknown>);
    const read = readRealtime(def);
    for (const [name, { schema }] of read.messages) {
      if (schema !== undefined && typeof schema?.["~standard"]?.validate !== "function") {
        throw new DormError(
          "DORM_BAD_DEFINITION",
          `defineDurableObject: messages.${name}.schema of ${object} is not a Standard Schema (it has no ["~standard"].validate); use zod, valibot, arktype or another https://standardschema.dev library.`,
        );
      }
    }
    const { protocol, presence, rateLimit } = read.settings;
    const needs: Record<Exclude<keyof RealtimeParts, "checks">, unknown> = {
      dorm: protocol === "dorm",
      raw: protocol === "raw",
      presence: protocol === "dorm" && presence,
      rateLimit,
      schemas: [...read.messages.values()].some((m) => m.schema),
      topics: def.subscribe,
    };
    for (const part of Object.keys(needs) as (keyof typeof needs)[]) {
      // Options the build could not read (not literals): it cannot know which parts they need.
      if (needs[part] && !parts[part]) {
        throw new DormError(
          "DORM_NOT_BUILT",
          `${object}: this build has no realtime "${part}" part, which its options need: write its realtime settings and messages as literals in defineDurableObject({ ... }) in app/objects/, so the build sees them, and rebuild.`,
        );
      }
    }
    const all = { ...read, parts };
    return (raw, ctx) => new Realtime(def, raw, ctx, object, all);
  };
