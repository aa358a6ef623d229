import { DormError } from "../errors.js";
import { MAX_MESSAGE_BYTES } from "../limits.js";
import { FORBIDDEN_KEYS, MAX_TYPE_LENGTH } from "./protocol.js";
import type { RealtimeProtocol } from "./options.js";
import { readRealtime } from "./settings.js";

// The realtime part `checks`: every check of a definition's realtime options, and that the build
// has the parts they need, bundled only when the build could not read them as literals and check
// them itself (packages/build's features/realtime.ts runs these very functions on what it read).
// The runtime reads checked options with settings.ts.

const MESSAGE_NAME = /^[A-Za-z_]\w*$/;
const bad = (message: string) => new DormError("DORM_BAD_DEFINITION", `defineDurableObject: ${message}`);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const json = (value: unknown) => JSON.stringify(value);

/** Checks `messages`: an object of valid names, each `{ schema?, handler }`. */
function checkMessages(messages: unknown): void {
  if (messages === undefined) return;
  if (!isObject(messages)) throw bad(`"messages" must be an object: messages: { post: { schema, handler(ctx, payload, conn) { ... } } }.`);
  for (const [name, entry] of Object.entries(messages)) {
    const where = `messages.${name}`;
    if (!MESSAGE_NAME.test(name) || name.length > MAX_TYPE_LENGTH || FORBIDDEN_KEYS.has(name)) {
      throw bad(`the message name "${name}" is not usable: use at most ${MAX_TYPE_LENGTH} letters, digits and _, not starting with a digit, and not __proto__, constructor or prototype.`);
    }
    const { handler, schema, ...rest } = isObject(entry) ? entry : {};
    if (typeof handler !== "function") throw bad(`${where} must be { schema?, handler(ctx, payload, conn) { ... } } with a handler function.`);
    const extra = Object.keys(rest)[0];
    if (extra !== undefined) throw bad(`${where} has an unknown key "${extra}"; an entry has only schema and handler.`);
  }
}

/** The realtime settings, in the order messages list them. */
const SETTINGS = ["protocol", "maxMessageBytes", "rateLimit", "presence"];

/** Checks `realtime: { ... }`: known settings, each with a usable value. */
function checkSettings(realtime: unknown = {}): void {
  if (!isObject(realtime)) throw bad(`"realtime" must be an object: realtime: { ${SETTINGS.join(", ")} }.`);
  const extra = Object.keys(realtime).find((key) => !SETTINGS.includes(key));
  if (extra !== undefined) throw bad(`realtime.${extra} is not a setting; the settings are ${SETTINGS.join(", ")}.`);
  // An absent setting takes its default, which is valid.
  const { protocol = "dorm", maxMessageBytes = 1, rateLimit = false, presence = true } = realtime;
  if (protocol !== "dorm" && protocol !== "raw") {
    throw bad(`realtime.protocol must be "dorm" (dorm's envelope, for @dorm/client) or "raw" (the app's own frames), got ${json(protocol)}.`);
  }
  if (!Number.isInteger(maxMessageBytes) || !((maxMessageBytes as number) >= 1 && (maxMessageBytes as number) <= MAX_MESSAGE_BYTES)) {
    throw bad(`realtime.maxMessageBytes must be an integer from 1 to ${MAX_MESSAGE_BYTES} (the platform's limit for a received message), got ${json(maxMessageBytes)}.`);
  }
  const { burst, perSecond } = (rateLimit || {}) as { burst?: number; perSecond?: number };
  if (rateLimit !== false && !(isObject(rateLimit) && Number.isInteger(burst) && burst! >= 1 && Number.isFinite(perSecond) && perSecond! > 0)) {
    throw bad(`realtime.rateLimit must be false or { burst, perSecond } with a whole burst ≥ 1 and a rate > 0, got ${json(rateLimit)}.`);
  }
  if (typeof presence !== "boolean") throw bad(`realtime.presence must be true or false, got ${json(presence)}.`);
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
 * The realtime part `checks`: throws `DORM_BAD_DEFINITION` when a definition's realtime options
 * are not usable (settings, messages, hooks that are not functions, options of the other protocol).
 * Whether a message's schema is a Standard Schema is checked by the feature itself (feature.ts).
 */
export function checksPart(options: { readonly [option: string]: unknown }, object?: string, parts?: object): void {
  checkMessages(options["messages"]);
  checkSettings(options["realtime"]);
  for (const hook of ["connect", "subscribe", "disconnect", "accepted", "receive", "refused"]) {
    if (options[hook] !== undefined && typeof options[hook] !== "function") throw bad(`"${hook}" must be a function, got ${typeof options[hook]}.`);
  }
  if (options["events"] !== undefined && !isObject(options["events"])) throw bad(`"events" must be an object: events: { message: event<ChatMessage>() }.`);
  const protocol = (options["realtime"] as { protocol?: RealtimeProtocol } | undefined)?.protocol ?? "dorm";
  for (const [option, why] of Object.entries(ONLY[protocol === "dorm" ? "raw" : "dorm"])) {
    if (options[option] !== undefined) throw bad(`"${option}" does not apply with realtime.protocol "${protocol}": ${why}.`);
  }
  if (parts) checkParts(options, object ?? "", parts);
}

/**
 * The parts of realtime these options need are in the build (realtimeFeature passes the parts it
 * was given): the build could not read the options, so it chose the parts without them.
 */
function checkParts(options: { readonly [option: string]: unknown }, object: string, parts: object): void {
  const { settings, messages } = readRealtime(options);
  const { protocol, presence, rateLimit } = settings;
  const needs: Record<string, unknown> = {
    dorm: protocol === "dorm",
    raw: protocol === "raw",
    presence: protocol === "dorm" && presence,
    rateLimit,
    schemas: [...messages.values()].some((m) => m.schema),
    topics: options["subscribe"],
    connect: options["connect"],
  };
  const missing = Object.keys(needs).find((part) => needs[part] && !(parts as Record<string, unknown>)[part]);
  if (missing) {
    throw new DormError(
      "DORM_NOT_BUILT",
      `${object}: this build has no realtime "${missing}" part, which its options need: write its realtime settings and messages as literals in defineDurableObject({ ... }) in app/objects/, so the build sees them, and rebuild.`,
    );
  }
}
