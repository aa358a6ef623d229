import type { Feature } from "../object/features.js";
import type { RealtimeParts } from "./parts.js";
import { Realtime } from "./realtime.js";
import { DormError } from "../errors.js";
import { readRealtime } from "./validate.js";

/**
 * The `realtime` feature, for objects that take connections (`CONNECTION_OPTIONS`: `connect`,
 * `messages`, `receive`, `accepted`), with the parts of it the app uses (realtime/parts.ts).
 * When the worker loads it checks each definition's realtime options, and that this build has
 * every part they need; each instance gets its connections on first use.
 */
export const realtimeFeature =
  (parts: RealtimeParts): Feature<"realtime"> =>
  (def, { object }) => {
    const read = readRealtime(def as Record<string, unknown>);
    const { protocol, presence, rateLimit } = read.settings;
    const needs: Record<keyof RealtimeParts, unknown> = {
      dorm: protocol === "dorm",
      raw: protocol === "raw",
      presence: protocol === "dorm" && presence,
      rateLimit,
      schemas: [...read.messages.values()].some((m) => m.schema),
    };
    for (const part of Object.keys(needs) as (keyof RealtimeParts)[]) {
      // Options the build could not read (not literals): it cannot know which parts they need.
      if (needs[part] && !parts[part]) {
        throw new DormError(
          "DORM_NOT_BUILT",
          `${object}: this build has no realtime "${part}" part, which its options need. dorm bundles the parts that the options in app/objects/ use: write the realtime settings and messages of ${object} as literals in defineDurableObject({ ... }), and rebuild.`,
        );
      }
    }
    const all = { ...read, parts };
    return (raw, ctx) => new Realtime(def, raw, ctx, object, all);
  };
