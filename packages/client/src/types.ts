import type { ClientEventsOf, ClientMessagesOf, PresenceEntry, RealtimeOf } from "dorm";
import type { EventFrame } from "dorm/protocol";
import type { ReconnectOptions } from "./backoff.js";
import type { ClientError } from "./errors.js";

/**
 * Any WebSocket class: the browser's, or `ws`'s in Node 20 (which has none built in).
 * Typed loosely on purpose: the client only uses the standard `on*` handlers, `send`, `close`
 * and `readyState`, which every implementation has, with event types that differ in detail.
 */
export type WebSocketConstructor = new (url: string) => object;

export interface ClientOptions {
  /** The WebSocket class. Default: `globalThis.WebSocket` (browsers, Node 22+, Deno, Bun). */
  WebSocket?: WebSocketConstructor;
  /** Reconnect with jittered exponential backoff (default), or `false` for never. */
  reconnect?: ReconnectOptions | false;
  /** Frames kept while offline, sent in order on reconnect. Default 100. */
  queueSize?: number;
  /** How long `call.x()` waits for its reply, in ms (queued time included). Default 10,000. */
  timeoutMs?: number;
  /**
   * Heartbeat: a ping every `intervalMs`; no frame at all within `timeoutMs` after it means the
   * connection is dead (a half-open TCP connection never says so) and the client reconnects.
   * The object's runtime answers pings without waking the object. `false` turns it off.
   * Default `{ intervalMs: 25_000, timeoutMs: 10_000 }`.
   */
  heartbeat?: { intervalMs: number; timeoutMs: number } | false;
  /**
   * After a failed handshake, ask the server (a plain request with the probe header) whether it
   * refused the connection, since WebSocket APIs hide the status. A 401 or 403 ends the client
   * instead of retrying. Default true; needs `fetch`.
   */
  probe?: boolean;
  /** `fetch` for the probe. Default `globalThis.fetch`. */
  fetch?: (input: string, init: { headers: Record<string, string> }) => Promise<{ status: number; json?(): Promise<unknown> }>;
  /** Randomness for the backoff jitter (tests pass a fixed one). */
  random?: () => number;
}

/** Where the connection is: `closed` is final (see `ClosedDetail`). */
export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "closed";

/**
 * Why the client stopped for good (with `closed`), or why an attempt was refused while it keeps
 * trying (with `reconnecting`, when the probe found a status it retries, such as 503 or 429).
 */
export interface ClosedDetail {
  /** The close code (4401/4403 for refusals after the connection opened; 1000 for `close()`). */
  readonly code?: number;
  readonly reason?: string;
  /** The status of a refused handshake, when the probe could tell (401 and 403 end the client; others are retried). */
  readonly status?: number;
  /** What the server said when it refused: the message of `reject(401, "log in first")`. */
  readonly message?: string;
  /** True when `close()` ended it. */
  readonly byClient?: boolean;
}

export interface CallOptions {
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
}

type Messages<D> = ClientMessagesOf<RealtimeOf<D>>;
type Events<D> = ClientEventsOf<RealtimeOf<D>>;
/** A message without a schema takes no payload; one whose input may be undefined takes it optionally. */
type PayloadArgs<In> = [In] extends [undefined] ? [] : undefined extends In ? [payload?: In] : [payload: In];
/** For calls the options always come second (`call.typing(undefined, { timeoutMs })`), so the two never mix. */
type CallArgs<In> = [In] extends [undefined]
  ? [payload?: undefined, options?: CallOptions]
  : undefined extends In
    ? [payload?: In, options?: CallOptions]
    : [payload: In, options?: CallOptions];

/**
 * `send` and `call` of a client made without the object's type (`connect(url)`): nothing is
 * known about its messages, so none can be sent. Connect with the definition's type,
 * `connect<typeof Room>(url)`, to send its messages with their payload types.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface UntypedClientMessages {}

/** `client.send.x(payload)`: one-way; false when it was dropped (offline with a full queue, or closed). */
export type SendMethods<D> = [RealtimeOf<D>] extends [never]
  ? UntypedClientMessages
  : { readonly [K in keyof Messages<D>]: (...args: PayloadArgs<Messages<D>[K]["input"]>) => boolean };

/** `client.call.x(payload)`: resolves with what the handler returned, or rejects with a ClientError. */
export type CallMethods<D> = [RealtimeOf<D>] extends [never]
  ? UntypedClientMessages
  : {
      readonly [K in keyof Messages<D>]: (
        ...args: CallArgs<Messages<D>[K]["input"]>
      ) => Promise<Messages<D>[K]["reply"]>;
    };

type EventName<D> = [RealtimeOf<D>] extends [never] ? string : keyof Events<D> & string;
type EventPayload<D, K> = [RealtimeOf<D>] extends [never] ? unknown : K extends keyof Events<D> ? Events<D>[K] : never;
type PresenceOf<D> = [RealtimeOf<D>] extends [never] ? unknown : RealtimeOf<D>["presence"];

/** A connection to one object, typed from its definition: `connect<typeof import("./room").default>(url)`. */
export interface DormClient<D> {
  readonly send: SendMethods<D>;
  readonly call: CallMethods<D>;
  /** Listen to an event the object sends; returns the function that stops listening. */
  on<K extends EventName<D>>(type: K, handler: (payload: EventPayload<D, K>, frame: EventFrame) => void): () => void;
  /** Connection state changes (`connecting` → `open` → `reconnecting` → `open` … → `closed`). */
  onStatus(handler: (status: ConnectionStatus, detail?: ClosedDetail) => void): () => void;
  /** The presence list changed (join, leave, update, or a fresh list after reconnecting). */
  onPresence(handler: (presence: readonly PresenceEntry<PresenceOf<D>>[]) => void): () => void;
  /** Error frames that no call was waiting for (a refused `send`, a rate limit). */
  onError(handler: (error: ClientError) => void): () => void;
  readonly status: ConnectionStatus;
  /** This connection's id (as `conn.id` on the server); null until open. New after each reconnect. */
  readonly id: string | null;
  readonly presence: readonly PresenceEntry<PresenceOf<D>>[];
  /** Topics this client asked for (`subscribe`); re-subscribed after every reconnect. */
  readonly topics: readonly string[];
  /** Ask the object to subscribe this connection to a topic (its `subscribe` hook decides). */
  subscribe(topic: string): Promise<void>;
  unsubscribe(topic: string): Promise<void>;
  /** Resolves when the connection is open (at once if it is); rejects if the client closes for good first. */
  ready(): Promise<void>;
  /** Close for good: no reconnect; queued frames are dropped and waiting calls rejected. */
  close(code?: number, reason?: string): void;
}
