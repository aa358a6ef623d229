import type { Immutable, Received } from "../state/values.js";
import type { PresenceEntry } from "./protocol.js";
import type { RealtimeProtocol } from "./options.js";
import type { RateLimit } from "./rate-limit.js";
import type { InferInput, InferOutput, StandardSchemaV1 } from "./standard-schema.js";

/**
 * One WebSocket connection to the object, as `connect`, message handlers and `ctx` see it.
 * Everything on it lives in the socket's attachment, so it survives hibernation.
 *
 * @example
 * conn.setData((d) => ({ ...d, lastSeen: Date.now() }));
 * conn.subscribe("typing");
 * conn.send("welcome", { history });
 */
export interface Connection<C = unknown, P = unknown, Ev = unknown> {
  /** Stable for the life of the connection (also across hibernation); new on every reconnect. */
  readonly id: string;
  /** Per-connection data: what `connect` returned as `data`. Private to the server. */
  readonly data: C;
  /** What others see of this connection in presence; `null` until set. */
  readonly presence: P | null;
  /** Topics this connection receives `ctx.publish` events of. */
  readonly topics: readonly string[];
  /** When the connection was accepted (epoch ms). */
  readonly connectedAt: number;
  /**
   * Replace the data (JSON). Kept in the socket's attachment: with presence and topics it must
   * fit in 16 KiB, or this throws `DORM_CONNECTION_TOO_LARGE` and nothing changes.
   */
  setData(next: C | ((prev: C) => C)): void;
  /** Replace this connection's presence and tell the others (`op: "update"`). */
  setPresence(next: P): void;
  subscribe(topic: string): void;
  unsubscribe(topic: string): void;
  /** Send one event of `events` to this connection only (dorm's protocol; a raw connection throws `DORM_WRONG_PROTOCOL`). */
  send<K extends EventName<Ev>>(type: K, ...payload: PayloadArgs<EventPayload<Ev, K>>): void;
  /**
   * Send one frame as it is: the app's own wire format, for objects with
   * `realtime: { protocol: "raw" }` (a dorm-protocol connection throws `DORM_WRONG_PROTOCOL`).
   *
   * @example
   * conn.sendRaw(JSON.stringify({ ready: true }));
   */
  sendRaw(data: string | ArrayBuffer | ArrayBufferView): void;
  /** Close it. 4401/4403 tell `@dorm/client` not to reconnect. */
  close(code?: number, reason?: string): void;
  /** The underlying hibernatable WebSocket. */
  readonly socket: WebSocket;
}

/** Connections to leave out: a connection, its id, or a list of either. */
export type Except = Pick<Connection, "id"> | string | readonly (Pick<Connection, "id"> | string)[];

export interface SendOptions {
  except?: Except;
}

/**
 * What `ctx` offers for the object's WebSocket connections. `Ev` is the definition's `events`:
 * only those events can be sent, each with its payload type, which is what `@dorm/client`'s
 * `on(type, ...)` is typed with.
 */
export interface RealtimeContext<Ev = unknown> {
  /**
   * Send an event of `events` to every connection (but `except`); returns how many it went to.
   *
   * @example
   * ctx.broadcast("message", saved, { except: conn });
   */
  broadcast<K extends EventName<Ev>>(type: K, ...payload: PayloadArgs<EventPayload<Ev, K>, SendOptions>): number;
  /**
   * Send an event of `events` to the connections subscribed to `topic` (but `except`).
   *
   * @example
   * ctx.publish("typing", "typing", { name: conn.data.name }, { except: conn });
   */
  publish<K extends EventName<Ev>>(topic: string, type: K, ...payload: PayloadArgs<EventPayload<Ev, K>, SendOptions>): number;
  /**
   * The open connections, or those subscribed to `topic`, oldest first. Their `data` and
   * `presence` are `unknown` here (the message handlers' `conn` has them typed).
   */
  connections(topic?: string): Connection<unknown, unknown, Ev>[];
  /** The open connection with this id. */
  connection(id: string): Connection<unknown, unknown, Ev> | undefined;
  /** Who is here: one entry per open connection, oldest first. */
  presence(): PresenceEntry[];
  /**
   * Raw protocol: send one frame, as it is, to every connection (but `except`); returns how many
   * it went to.
   *
   * @example
   * ctx.broadcastRaw(JSON.stringify({ joined: conn.data.name }), { except: conn });
   */
  broadcastRaw(data: string | ArrayBuffer | ArrayBufferView, options?: SendOptions): number;
  /** Raw protocol: send one frame, as it is, to the connections subscribed to `topic` (but `except`). */
  publishRaw(topic: string, data: string | ArrayBuffer | ArrayBufferView, options?: SendOptions): number;
}

/** What `connect` returns to accept a connection (returning nothing accepts it with no data). */
export interface ConnectAccept<C, P> {
  /** Becomes `conn.data`. */
  data?: C;
  /** Becomes `conn.presence`, and what the others are told in the join event. */
  presence?: P;
  /** Topics to subscribe the connection to right away. */
  topics?: string[];
}

/** A `Response` rejects the upgrade with its status (see `reject`); no socket is created. */
export type ConnectResult<C, P> = Response | ConnectAccept<C, P> | undefined | void;

export type { RealtimeProtocol } from "./options.js";

/** A frame dorm did not deliver to `receive` (raw protocol), and why. */
export interface RawRefusal {
  readonly code: "DORM_FRAME_TOO_LARGE" | "DORM_RATE_LIMITED";
  readonly message: string;
  /** When the connection may send again (rate limit). */
  readonly retryAfterMs?: number;
}

/** `realtime: { ... }` in the definition: limits and presence for this object's connections. */
export interface RealtimeSettings {
  /** Which frames the connections speak: dorm's protocol (default) or the app's own (`"raw"`). */
  protocol?: RealtimeProtocol;
  /** Largest frame accepted, in bytes (UTF-8). Default 64 KiB, at most 1 MiB. */
  maxMessageBytes?: number;
  /** Frames per connection; `false` turns the limit off. Default `{ burst: 60, perSecond: 20 }`. */
  rateLimit?: RateLimit | false;
  /** Join/leave/update events and the list in the welcome frame (dorm's protocol; raw connections keep presence without frames). Default `true`. */
  presence?: boolean;
}

/**
 * The handler of one message type, with its payload typed by its schema. `Ctx` is the object's
 * `ctx` (realtime does not need to know what it holds).
 */
export interface MessageEntry<Ctx, C, P, Schema, Ev = unknown> {
  /** Any Standard Schema validator (zod, valibot, arktype...). Without one, the message takes no payload. */
  schema?: Schema;
  /** Runs for each valid frame; what it returns is the reply to `call.x(...)`. */
  handler: (ctx: Ctx, payload: InferOutput<Schema>, conn: Connection<C, P, Ev>) => unknown;
}

export type MessageEntries<Ctx, C, P, Sch, Ev = unknown> = { [K in keyof Sch]: MessageEntry<Ctx, C, P, Sch[K], Ev> };

declare const eventType: unique symbol;
/** A server → client event's payload type, declared with `event<T>()` or a schema. */
export interface EventType<T> {
  readonly [eventType]?: T;
}

/**
 * Declare the payload type of an event the object sends, for `@dorm/client`'s `on(type, ...)`.
 *
 * @example
 * events: { message: event<ChatMessage>(), typing: event<{ name: string }>() },
 */
export function event<T>(): EventType<T> {
  return {};
}

/** The realtime part of `defineDurableObject`'s options; `Ctx` is the type of the object's `ctx`. */
export interface RealtimeOptions<Ctx, C, P, Sch, Msgs, Ev> {
  /**
   * Runs for each WebSocket upgrade, before any socket exists: return `reject(401)` (any
   * `Response`) to refuse it, or `{ data, presence, topics }` to accept it.
   *
   * @example
   * connect(request, ctx) {
   *   const name = new URL(request.url).searchParams.get("name");
   *   if (!name) return reject(401, "name required");
   *   return { data: { name }, presence: { name } };
   * },
   */
  connect?: (request: Request, ctx: Ctx) => ConnectResult<C, P> | Promise<ConnectResult<C, P>>;
  /** What clients may send. Nothing else is reachable from a socket; `methods` stay RPC only. */
  messages?: Msgs & MessageEntries<Ctx, C, P, Sch, Ev>;
  /**
   * The events the object sends, each with its payload type: `ctx.broadcast`, `ctx.publish` and
   * `conn.send` take only these, and `@dorm/client`'s `on(type, ...)` is typed from them.
   */
  events?: Ev;
  /** Whether a client may subscribe itself to a topic (`client.subscribe(topic)`); refused when absent. */
  subscribe?: (ctx: Ctx, topic: string, conn: Connection<C, P, Ev>) => boolean | Promise<boolean>;
  /** Runs when a connection closes (after the others were told it left). */
  disconnect?: (ctx: Ctx, conn: Connection<C, P, Ev>, info: CloseInfo) => void | Promise<void>;
  /**
   * Runs once a connection is accepted: its socket exists, and what it sends reaches the client
   * (after dorm's welcome, with dorm's protocol), before any frame from it is handled. Where a
   * chat pushes history or the roster to the newcomer and tells the others it joined.
   *
   * @example
   * async accepted(ctx, conn) {
   *   conn.send("history", await recent(ctx));
   *   ctx.broadcast("joined", { name: conn.data.name }, { except: conn });
   * },
   */
  accepted?: (ctx: Ctx, conn: Connection<C, P, Ev>) => void | Promise<void>;
  /**
   * Raw protocol (`realtime: { protocol: "raw" }`): each frame a connection sends, as it came
   * (text, or an `ArrayBuffer` for binary), once it passed the size and rate limits.
   *
   * @example
   * receive(ctx, conn, message) {
   *   ctx.broadcastRaw(message, { except: conn });
   * },
   */
  receive?: (ctx: Ctx, conn: Connection<C, P, Ev>, message: string | ArrayBuffer) => void | Promise<void>;
  /**
   * Raw protocol: a frame over `maxMessageBytes` or the rate limit, which `receive` does not get.
   * Without this hook dorm closes the connection (1009 for a frame too large, 1008 for the rate
   * limit), since it cannot answer in the app's format; with it, the app answers (or not).
   */
  refused?: (ctx: Ctx, conn: Connection<C, P, Ev>, refusal: RawRefusal) => void | Promise<void>;
  /** Limits and presence. */
  realtime?: RealtimeSettings;
}

export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** The realtime types of a definition, for `@dorm/client`. */
export interface RealtimeTypes<C = unknown, P = unknown, Sch = unknown, Msgs = unknown, Ev = unknown> {
  readonly data: C;
  readonly presence: P;
  readonly schemas: Sch;
  readonly messages: Msgs;
  readonly events: Ev;
}

type HandlerResult<Entry> = Entry extends { handler: (...args: never[]) => infer R } ? Awaited<R> : never;

/** Per message type: what a client sends (`input`) and what `call` resolves to (`reply`). */
export type ClientMessagesOf<R extends RealtimeTypes> = {
  readonly [K in keyof R["messages"] & keyof R["schemas"] & string]: {
    readonly input: InferInput<R["schemas"][K]>;
    readonly reply: Received<HandlerResult<R["messages"][K]>>;
  };
};

/** The payload of one declared event: `event<T>()` gives T, a schema its output. */
type PayloadOf<Declared> = Declared extends StandardSchemaV1 ? InferOutput<Declared> : Declared extends EventType<infer T> ? T : unknown;

/** Per event of `events`: the payload it carries (what the server sends, what a client receives). */
export type EventPayloads<Ev> = { readonly [K in keyof Ev & string]: PayloadOf<Ev[K]> };

/** Per event type: the payload a client receives. */
export type ClientEventsOf<R extends RealtimeTypes> = EventPayloads<R["events"]>;

/**
 * The names `ctx.broadcast`, `ctx.publish` and `conn.send` accept: the keys of `events`. With no
 * `events` there is none, and the parameter's type says what to do.
 */
export type EventName<Ev> = [keyof Ev & string] extends [never]
  ? "(no events are declared: add events: { name: event<Payload>() } to the definition)"
  : keyof Ev & string;

/** What may be sent as an event's payload: its type, read-only parts welcome (`ctx.state`, say). */
type EventPayload<Ev, K> = K extends keyof EventPayloads<Ev> ? Immutable<EventPayloads<Ev>[K]> : never;

/**
 * The arguments after an event's name: its payload (optional only when it may be undefined),
 * then `Options` when there are any.
 */
export type PayloadArgs<Payload, Options = never> = [Options] extends [never]
  ? [Payload] extends [undefined]
    ? [payload?: undefined]
    : undefined extends Payload
      ? [payload?: Payload]
      : [payload: Payload]
  : [Payload] extends [undefined]
    ? [payload?: undefined, options?: Options]
    : undefined extends Payload
      ? [payload?: Payload, options?: Options]
      : [payload: Payload, options?: Options];
