import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_RATE_LIMIT } from "../limits.js";
import type { RealtimeProtocol } from "./options.js";
import type { StandardSchemaV1 } from "./standard-schema.js";

/** `realtime.rateLimit`: at most `burst` frames at once, refilled at `perSecond` frames a second. */
export interface RateLimit {
  readonly burst: number;
  readonly perSecond: number;
}

/** A message entry as the runtime uses it. */
export interface MessageSpec {
  readonly schema: StandardSchemaV1 | undefined;
  readonly handler: (ctx: never, payload: unknown, conn: never) => unknown;
}

/** The realtime settings with every default filled in. */
export interface Settings {
  readonly protocol: RealtimeProtocol;
  readonly maxMessageBytes: number;
  readonly rateLimit: RateLimit | null;
  readonly presence: boolean;
}

/** A definition's realtime options as the runtime uses them. */
export interface RealtimeRead {
  readonly settings: Settings;
  readonly messages: ReadonlyMap<string, MessageSpec>;
}

/**
 * The settings, with defaults, and the messages of options already checked: by the build, which
 * read them as literals, or by the realtime part `checks` (checks.ts) when it could not.
 */
export function readRealtime(options: { readonly realtime?: unknown; readonly messages?: unknown }): RealtimeRead {
  const { protocol = "dorm", maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES, rateLimit = DEFAULT_RATE_LIMIT, presence = true } = (options.realtime ?? {}) as Partial<Settings> & { rateLimit?: RateLimit | false };
  // Checked: each entry is { schema?, handler }.
  const messages = new Map(Object.entries((options.messages ?? {}) as Record<string, MessageSpec>));
  return { settings: { protocol, maxMessageBytes, rateLimit: rateLimit || null, presence }, messages };
}
