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

const MESSAGE_NAME = /^[A-Za-z_]\w*$/;
const bad = (message: string) => new DormError("DORM_BAD_DEFINITION", `defineDurableObject: ${message}`);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const json = (value: unknown) => JSON.stringify(value);

/** `messages` as a map; checks every entry, so a mistake fails when the module loads. */
export function readMessages(messages: unknown): ReadonlyMap<string, MessageSpec> {
  const specs = new Map<string, MessageSpec>();
  if (messages === undefined) return specs;
  if (!isObject(messages)) throw bad(`"messages" must be an object: messages: { post: { schema, handler(ctx, payload, conn) { ... } } }.`);
  for (const [name, entry] of Object.entries(messages)) {
    const where = `messages.${name}`;
    if (!MESSAGE_NAME.test(name) || name.length > MAX_TYPE_LENGTH || FORBIDDEN_KEYS.has(name)) {
      throw bad(`the message name "${name}" is not usable: use at most ${MAX_TYPE_LENGTH} letters, digits and _, not starting with a digit, and not __proto__, constructor or prototype.`);
    }
    const { schema, handler, ...rest } = isObject(entry) ? entry : {};
    if (typeof handler !== "function") throw bad(`${where} must be { schema?, handler(ctx, payload, conn) { ... } } with a handler function.`);
    const schemaProps = (schema as Partial<StandardSchemaV1> | null | undefined)?.["~standard"];
    if (schema !== undefined && typeof schemaProps?.validate !== "function") {
      throw bad(`${where}.schema is not a Standard Schema validator (it has no ["~standard"].validate); use zod, valibot, arktype or another library that implements https://standardschema.dev.`);
    }
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw bad(`${where} has an unknown key "${extra}"; an entry has only schema and handler.`);
    specs.set(name, { schema: schema as StandardSchemaV1 | undefined, handler: handler as MessageSpec["handler"] });
  }
  return specs;
}

/** The realtime settings, in the order messages list them. */
const SETTINGS = ["protocol", "maxMessageBytes", "rateLimit", "presence"];

/** `realtime: { ... }` with defaults; checks each value. */
export function readSettings(realtime: unknown = {}): Settings {
  if (!isObject(realtime)) throw bad(`"realtime" must be an object: realtime: { ${SETTINGS.join(", ")} }.`);
  const extra = Object.keys(realtime).find((key) => !SETTINGS.includes(key));
  if (extra !== undefined) throw bad(`realtime.${extra} is not a setting; the settings are ${SETTINGS.join(", ")}.`);
  const { protocol = "dorm", maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES, rateLimit = DEFAULT_RATE_LIMIT, presence = true } = realtime;
  if (protocol !== "dorm" && protocol !== "raw") {
    throw bad(`realtime.protocol must be "dorm" (dorm's envelope, for @dorm/client) or "raw" (the app's own frames), got ${json(protocol)}.`);
  }
  if (!Number.isInteger(maxMessageBytes) || !((maxMessageBytes as number) >= 1 && (maxMessageBytes as number) <= MAX_MESSAGE_BYTES)) {
    throw bad(`realtime.maxMessageBytes must be an integer from 1 to ${MAX_MESSAGE_BYTES} (the platform's limit for a received message), got ${json(maxMessageBytes)}.`);
  }
  const { burst, perSecond } = (rateLimit || {}) as Partial<RateLimit>;
  if (rateLimit !== false && !(isObject(rateLimit) && Number.isInteger(burst) && burst! >= 1 && Number.isFinite(perSecond) && perSecond! > 0)) {
    throw bad(`realtime.rateLimit must be false or { burst, perSecond } with a whole burst ≥ 1 and a rate > 0, got ${json(rateLimit)}.`);
  }
  if (typeof presence !== "boolean") throw bad(`realtime.presence must be true or false, got ${json(presence)}.`);
  return { protocol, maxMessageBytes: maxMessageBytes as number, rateLimit: rateLimit === false ? null : (rateLimit as unknown as RateLimit), presence };
}

/** Options that belong to one protocol only, and what to use in the other. */
const ONLY: Record<RealtimeProtocol, Record<string, string>> = {
  dorm: {
    messages: "raw connections send their own frames: handle them in receive(ctx, conn, message)",
    events: "events type @dorm/client, which raw connections do not use",
    subscribe: "clients subscribe themselves with dorm's protocol only; in raw mode call conn.subscribe(topic) from receive",
  },
  raw: {
    receive: `dorm's protocol dispatches frames to messages; set realtime: { protocol: "raw" } for the app's own frames`,
    refused: `dorm's protocol answers refused frames with an error frame itself; refused is for realtime: { protocol: "raw" }`,
  },
};

/**
 * A definition's realtime options, checked (the hooks are functions, no option of the other
 * protocol) and read: its settings with defaults, and its messages.
 */
export function readRealtime(options: { readonly [option: string]: unknown }): { readonly settings: Settings; readonly messages: ReadonlyMap<string, MessageSpec> } {
  const messages = readMessages(options["messages"]);
  const settings = readSettings(options["realtime"]);
  for (const hook of ["connect", "subscribe", "disconnect", "accepted", "receive", "refused"]) {
    if (options[hook] !== undefined && typeof options[hook] !== "function") throw bad(`"${hook}" must be a function, got ${typeof options[hook]}.`);
  }
  if (options["events"] !== undefined && !isObject(options["events"])) throw bad(`"events" must be an object: events: { message: event<ChatMessage>() }.`);
  const { protocol } = settings;
  for (const [option, why] of Object.entries(ONLY[protocol === "dorm" ? "raw" : "dorm"])) {
    if (options[option] !== undefined) throw bad(`"${option}" does not apply with realtime.protocol "${protocol}": ${why}.`);
  }
  return { settings, messages };
}
