import type { LiveConnection } from "./connection.js";
import type { dormPart, DispatchTarget } from "./dispatch.js";
import type { Refusal } from "./envelope.js";
import type { presencePart } from "./presence.js";
import type { rateLimitPart } from "./rate-limit.js";
import type { rawPart } from "./raw.js";
import type { schemasPart } from "./schemas.js";
import type { Settings } from "./settings.js";
import type { checksPart } from "./checks.js";
import type { connectPart } from "./connect.js";
import type { topicsPart } from "./topics.js";

/**
 * The parts of the realtime feature an app's objects use, each its own module (and its own entry,
 * `dorm/internal/realtime/<part>`), so an app bundles only those: the generated entry hands them
 * to `realtimeFeature(parts)`. The build finds them in each object's options (its `realtime`
 * settings and its `messages`); when the options are not literals, it includes them all.
 */
export interface RealtimeParts {
  /** dorm's protocol: the envelope, `messages`, replies and error frames (for `@dorm/client`). */
  readonly dorm?: typeof dormPart;
  /** The app's own frames (`realtime: { protocol: "raw" }`), to `receive` and `refused`. */
  readonly raw?: typeof rawPart;
  /** Presence frames: join, update and leave, and the list in the welcome. */
  readonly presence?: typeof presencePart;
  /** `realtime.rateLimit`: a token bucket per connection. */
  readonly rateLimit?: typeof rateLimitPart;
  /** Standard Schema validation of `messages` payloads. */
  readonly schemas?: typeof schemasPart;
  /** The `connect` hook: what it decides for an upgrade, made into the connection's record. */
  readonly connect?: typeof connectPart;
  /** Topics: `conn.subscribe`, `ctx.publish`, `$subscribe`, a connection's topics from `connect`. */
  readonly topics?: typeof topicsPart;
  /** The checks of the realtime options, for options the build could not read as literals and check. */
  readonly checks?: typeof checksPart;
}

/** The rate limit's refusal of this frame, or null (none set, or none bundled: realtimeFeature checks the two agree). */
export const limited = (target: { readonly settings: Settings; readonly parts: RealtimeParts }, conn: LiveConnection): Refusal | null =>
  target.parts.rateLimit?.(target.settings.rateLimit, conn) ?? null;

export type { DispatchTarget };
