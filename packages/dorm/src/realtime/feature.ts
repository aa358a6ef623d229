import type { Feature } from "../object/features.js";
import type { RealtimeParts } from "./parts.js";
import { Realtime } from "./realtime.js";
import { DormError } from "../errors.js";
import { checkRealtimeOptions, readMessages, readSettings } from "./validate.js";

/** An object's settings need a part of realtime the build did not bundle (options it could not read). */
function missing(object: string, part: keyof RealtimeParts, why: string): DormError {
  return new DormError(
    "DORM_NOT_BUILT",
    `${object}: ${why}, and this build has no realtime "${part}" part: dorm bundles it when an object's options, as written in app/objects/, use it. Write the realtime settings and messages of ${object} as literals in defineDurableObject({ ... }), and rebuild.`,
  );
}

/**
 * The `realtime` feature, for objects that take connections (`CONNECTION_OPTIONS`: `connect`,
 * `messages`, `receive`, `accepted`), with the parts of it the app uses (realtime/parts.ts).
 * When the worker loads it checks each definition's realtime options, and that this build has
 * every part they need; each instance gets its connections on first use.
 */
export const realtimeFeature =
  (parts: RealtimeParts): Feature<"realtime"> =>
  (def, info) => {
    checkRealtimeOptions(def as Record<string, unknown>);
    const settings = readSettings(def.realtime);
    const messages = readMessages(def.messages);
    const { object } = info;
    if (!parts[settings.protocol]) throw missing(object, settings.protocol, `its connections speak the "${settings.protocol}" protocol`);
    if (settings.protocol === "dorm" && settings.presence && !parts.presence) throw missing(object, "presence", "it keeps presence");
    if (settings.rateLimit && !parts.rateLimit) throw missing(object, "rateLimit", "it has a rate limit");
    if ([...messages.values()].some((m) => m.schema) && !parts.schemas) throw missing(object, "schemas", "a message has a schema");
    const read = { settings, messages, parts };
    return (raw, ctx) => new Realtime(def, raw, ctx, object, read);
  };
