import { DormError } from "../errors.js";
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_RATE_LIMIT, MAX_MESSAGE_BYTES } from "../limits.js";
import { FORBIDDEN_KEYS, MAX_TYPE_LENGTH } from "./protocol.js";
import type { RateLimit } from "./rate-limit.js";
import type { RealtimeProtocol } from "./types.js";
import type { StandardSchemaV1 } from "./standard-schema.js";

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

const MESSAGE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const bad = (message: string) => new DormError("DORM_BAD_DEFINITION", `defineDurableObject: ${message}`);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const props = (value as Partial<StandardSchemaV1>)["~standard"];
  return typeof props === "object" && props !== null && typeof props.validate === "function";
}

/** `messages` as a map; checks every entry, so a mistake fails when the module loads. */
export function readMessages(messages: unknown): ReadonlyMap<string, MessageSpec> {
  const specs = new Map<string, MessageSpec>();
  if (messages === undefined) return specs;
  if (!isObject(messages)) throw bad(`"messages" must be an object: messages: { post: { schema, handler(ctx, payload, conn) { ... } } }.`);
  for (const [name, value] of Object.entries(messages)) {
    if (!MESSAGE_NAME.test(name) || name.length > MAX_TYPE_LENGTH || FORBIDDEN_KEYS.has(name)) {
      throw bad(`the message name "${name}" is not usable: use letters, digits and _ (not starting with a digit), at most ${MAX_TYPE_LENGTH} characters, and not __proto__, constructor or prototype.`);
    }
    const entry = value as { readonly schema?: unknown; readonly handler?: unknown };
    if (!isObject(value) || typeof entry.handler !== "function") {
      throw bad(`messages.${name} must be { schema?, handler(ctx, payload, conn) { ... } } with a handler function.`);
    }
    if (entry.schema !== undefined && !isStandardSchema(entry.schema)) {
      throw bad(`messages.${name}.schema is not a Standard Schema validator (it has no ["~standard"].validate); use zod, valibot, arktype or another library that implements https://standardschema.dev.`);
    }
    for (const key of Object.keys(entry)) {
      if (key !== "schema" && key !== "handler") throw bad(`messages.${name} has an unknown key "${key}"; an entry has only schema and handler.`);
    }
    specs.set(name, { schema: entry.schema as StandardSchemaV1 | undefined, handler: entry.handler as MessageSpec["handler"] });
  }
  return specs;
}

/** `realtime: { ... }` with defaults; checks each value. */
const SETTINGS = ["protocol", "maxMessageBytes", "rateLimit", "presence"];

export function readSettings(realtime: unknown): Settings {
  if (realtime === undefined) return { protocol: "dorm", maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES, rateLimit: DEFAULT_RATE_LIMIT, presence: true };
  if (!isObject(realtime)) throw bad(`"realtime" must be an object: realtime: { protocol, maxMessageBytes, rateLimit, presence }.`);
  for (const key of Object.keys(realtime)) {
    if (!SETTINGS.includes(key)) throw bad(`realtime.${key} is not a setting; the settings are ${SETTINGS.join(", ")}.`);
  }
  const { protocol = "dorm", maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES, rateLimit = DEFAULT_RATE_LIMIT, presence = true } = realtime;
  if (protocol !== "dorm" && protocol !== "raw") {
    throw bad(`realtime.protocol must be "dorm" (dorm's envelope, for @dorm/client) or "raw" (the app's own frames), got ${JSON.stringify(protocol)}.`);
  }
  if (typeof maxMessageBytes !== "number" || !Number.isInteger(maxMessageBytes) || maxMessageBytes < 1 || maxMessageBytes > MAX_MESSAGE_BYTES) {
    throw bad(`realtime.maxMessageBytes must be an integer from 1 to ${MAX_MESSAGE_BYTES} (the platform's limit for a received message), got ${String(maxMessageBytes)}.`);
  }
  if (rateLimit !== false) {
    const { burst, perSecond } = (isObject(rateLimit) ? rateLimit : {}) as Partial<RateLimit>;
    if (!isObject(rateLimit) || typeof burst !== "number" || !Number.isInteger(burst) || burst < 1 || typeof perSecond !== "number" || !(perSecond > 0) || !Number.isFinite(perSecond)) {
      throw bad(`realtime.rateLimit must be false or { burst, perSecond } with a whole burst ≥ 1 and a rate > 0, got ${JSON.stringify(rateLimit)}.`);
    }
  }
  if (typeof presence !== "boolean") throw bad(`realtime.presence must be true or false, got ${JSON.stringify(presence)}.`);
  return { protocol, maxMessageBytes, rateLimit: rateLimit === false ? null : (rateLimit as unknown as RateLimit), presence };
}

/** Options that belong to one protocol only, and what to use in the other. */
const DORM_ONLY: Record<string, string> = {
  messages: "raw connections send their own frames: handle them in receive(ctx, conn, message)",
  events: "events type @dorm/client, which raw connections do not use",
  subscribe: "clients subscribe themselves with dorm's protocol only; in raw mode call conn.subscribe(topic) from receive",
};
const RAW_ONLY: Record<string, string> = {
  receive: "dorm's protocol dispatches frames to messages; set realtime: { protocol: \"raw\" } for the app's own frames",
  refused: "dorm's protocol answers refused frames with an error frame itself; refused is for realtime: { protocol: \"raw\" }",
};

/** Checks the realtime options of a definition (called by `defineDurableObject`). */
export function checkRealtimeOptions(options: { readonly [option: string]: unknown }): void {
  readMessages(options["messages"]);
  const { protocol } = readSettings(options["realtime"]);
  for (const hook of ["connect", "subscribe", "disconnect", "accepted", "receive", "refused"] as const) {
    if (options[hook] !== undefined && typeof options[hook] !== "function") {
      throw bad(`"${hook}" must be a function, got ${typeof options[hook]}.`);
    }
  }
  if (options["events"] !== undefined && !isObject(options["events"])) {
    throw bad(`"events" must be an object: events: { message: event<ChatMessage>() }.`);
  }
  const wrong = protocol === "raw" ? DORM_ONLY : RAW_ONLY;
  for (const [option, why] of Object.entries(wrong)) {
    if (options[option] !== undefined) throw bad(`"${option}" does not apply with realtime.protocol "${protocol}": ${why}.`);
  }
}
