import type { ObjectContext } from "../object/types.js";
import type { PresenceEntry } from "./protocol.js";
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
export interface Connection<C = unknown, P = unknown> {
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
  /** Send one event to this connection only (dorm's protocol; a raw connection throws `DORM_WRONG_PROTOCOL`). */
  send(type: string, payload?: unknown): void;
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

/** What `ctx` offers for the object's WebSocket connections. */
export interface RealtimeContext {
  /**
   * Send an event to every connection (but `except`); returns how many it went to.
   *
   * @example
   * ctx.broadcast("message", saved, { except: conn });
   */
  broadcast(type: string, payload?: unknown, options?: SendOptions): number;
  /**
   * Send an event to the connections subscribed to `topic` (but `except`).
   *
   * @example
   * ctx.publish("typing", "typing", { name: conn.data.name }, { except: conn });
   */
  publish(topic: string, type: string, payload?: unknown, options?: SendOptions): number;
  /** The open connections, or those subscribed to `topic`, oldest first. */
  connections(topic?: string): Connection[];
  /** The open connection with this id. */
  connection(id: string): Connection | undefined;
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

/**
 * The frames a connection speaks. `"dorm"`: dorm's envelope (`{ v, type, id?, payload? }`),
 * typed `messages`, `@dorm/client`. `"raw"`: the app's own format, as existing clients
 * (partysocket, a hand-written page) send it: each frame goes to `receive`, and the object sends
 * with `conn.sendRaw`, `ctx.broadcastRaw` and `ctx.publishRaw`.
 */
export type RealtimeProtocol = "dorm" | "raw";

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

/** The handler of one message type, with its payload typed by its schema. */
export interface MessageEntry<S, E, C, P, Schema, Mem = unknown> {
  /** Any Standard Schema validator (zod, valibot, arktype...). Without one, the message takes no payload. */
  schema?: Schema;
  /** Runs for each valid frame; what it returns is the reply to `call.x(...)`. */
  handler: (ctx: ObjectContext<S, E, Mem>, payload: InferOutput<Schema>, conn: Connection<C, P>) => unknown;
}

export type MessageEntries<S, E, C, P, Sch, Mem = unknown> = { [K in keyof Sch]: MessageEntry<S, E, C, P, Sch[K], Mem> };

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

/** The realtime part of `defineDurableObject`'s options. */
export interface RealtimeOptions<S, E, C, P, Sch, Msgs, Ev, Mem = unknown> {
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
  connect?: (request: Request, ctx: ObjectContext<S, E, Mem>) => ConnectResult<C, P> | Promise<ConnectResult<C, P>>;
  /** What clients may send. Nothing else is reachable from a socket; `methods` stay RPC only. */
  messages?: Msgs & MessageEntries<S, E, C, P, Sch, Mem>;
  /** Types of the events the object sends, for `@dorm/client` (types only). */
  events?: Ev;
  /** Whether a client may subscribe itself to a topic (`client.subscribe(topic)`); refused when absent. */
  subscribe?: (ctx: ObjectContext<S, E, Mem>, topic: string, conn: Connection<C, P>) => boolean | Promise<boolean>;
  /** Runs when a connection closes (after the others were told it left). */
  disconnect?: (ctx: ObjectContext<S, E, Mem>, conn: Connection<C, P>, info: CloseInfo) => void | Promise<void>;
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
  accepted?: (ctx: ObjectContext<S, E, Mem>, conn: Connection<C, P>) => void | Promise<void>;
  /**
   * Raw protocol (`realtime: { protocol: "raw" }`): each frame a connection sends, as it came
   * (text, or an `ArrayBuffer` for binary), once it passed the size and rate limits.
   *
   * @example
   * receive(ctx, conn, message) {
   *   ctx.broadcastRaw(message, { except: conn });
   * },
   */
  receive?: (ctx: ObjectContext<S, E, Mem>, conn: Connection<C, P>, message: string | ArrayBuffer) => void | Promise<void>;
  /**
   * Raw protocol: a frame over `maxMessageBytes` or the rate limit, which `receive` does not get.
   * Without this hook dorm closes the connection (1009 for a frame too large, 1008 for the rate
   * limit), since it cannot answer in the app's format; with it, the app answers (or not).
   */
  refused?: (ctx: ObjectContext<S, E, Mem>, conn: Connection<C, P>, refusal: RawRefusal) => void | Promise<void>;
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
    readonly reply: HandlerResult<R["messages"][K]>;
  };
};

/** Per event type: the payload a client receives. */
export type ClientEventsOf<R extends RealtimeTypes> = {
  readonly [K in keyof R["events"] & string]: R["events"][K] extends StandardSchemaV1
    ? InferOutput<R["events"][K]>
    : R["events"][K] extends EventType<infer T>
      ? T
      : unknown;
};
