// The wire protocol between an object's WebSocket connections and `@dorm/client`: the one
// definition of every frame, code and constant both sides use. Pure (no workerd APIs), so the
// client imports it too (`dorm/protocol`).

/** The envelope version. A frame with another `v` is refused with `DORM_BAD_VERSION`. */
export const PROTOCOL_VERSION = 1;

/**
 * Heartbeat. The object answers `PING` with `PONG` through the runtime's auto-response
 * (`setWebSocketAutoResponse`), so an idle connection's heartbeats never wake the object.
 */
export const PING = "dorm:ping";
export const PONG = "dorm:pong";

/**
 * Header of a handshake probe: a plain request (no upgrade) to the WebSocket URL that runs the
 * object's `connect` hook and answers with its rejection (or 204). Browsers hide the status of a
 * refused upgrade; the client asks this way whether to retry.
 */
export const PROBE_HEADER = "x-dorm-probe";

/** Message types the protocol itself handles; an app's message names cannot start with `$`. */
export const SUBSCRIBE = "$subscribe";
export const UNSUBSCRIBE = "$unsubscribe";

/** Close codes dorm uses. 4000 + HTTP status for refusals, as a client cannot see a status. */
export const CloseCode = {
  /** The server ended the connection; reconnecting is fine. */
  GOING_AWAY: 1001,
  /**
   * A text frame that was not UTF-8 (RFC 6455, 7.4.1). workerd decodes text frames before the
   * object sees them, turning invalid bytes into U+FFFD; a raw U+FFFD in a frame is read as such.
   */
  INVALID_DATA: 1007,
  /** The client broke the protocol too often (see `realtime.rateLimit`). */
  POLICY: 1008,
  /** The client is not (or no longer) authenticated: do not retry with the same credentials. */
  UNAUTHORIZED: 4401,
  /** The client is not allowed here: do not retry. */
  FORBIDDEN: 4403,
} as const;

/** Close codes (and handshake statuses) after which a client must not reconnect on its own. */
// Written out (CloseCode.UNAUTHORIZED, CloseCode.FORBIDDEN) so that a server bundle, which never
// reads it, can leave it out.
export const NO_RETRY_CLOSE_CODES: readonly number[] = [4401, 4403];
export const NO_RETRY_STATUSES: readonly number[] = [401, 403];

/** Stable codes of error frames. Match on these, not on messages. */
export const ErrorCode = {
  /** The frame is not valid JSON. */
  BAD_JSON: "DORM_BAD_JSON",
  /** The frame is JSON but not an envelope `{ v, type, id?, payload? }` (or it is binary). */
  BAD_FRAME: "DORM_BAD_FRAME",
  /** `v` is not a version this server speaks. */
  BAD_VERSION: "DORM_BAD_VERSION",
  /** A key named `__proto__`, `constructor` or `prototype` somewhere in the frame. */
  FORBIDDEN_KEY: "DORM_FORBIDDEN_KEY",
  /** The frame is larger than `realtime.maxMessageBytes`. */
  TOO_LARGE: "DORM_FRAME_TOO_LARGE",
  /** No entry in the object's `messages` has this type. */
  UNKNOWN_TYPE: "DORM_UNKNOWN_TYPE",
  /** The payload failed the message's schema; `issues` says where. */
  INVALID_PAYLOAD: "DORM_INVALID_PAYLOAD",
  /** Too many frames from this connection (see `realtime.rateLimit`); `retryAfterMs` says when. */
  RATE_LIMITED: "DORM_RATE_LIMITED",
  /** The object does not allow this (for example a topic its `subscribe` hook refused). */
  FORBIDDEN: "DORM_FORBIDDEN",
  /** The handler threw something other than a `MessageError`; details are in the server's log. */
  HANDLER_FAILED: "DORM_HANDLER_FAILED",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A correlation id chosen by the client: echoed on the reply or error frame. */
export type FrameId = string | number;

/** Client → object. `id` asks for a reply (request/response); without it the frame is one-way. */
export interface ClientFrame {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: string;
  readonly id?: FrameId;
  readonly payload?: unknown;
}

/** One issue of a failed schema, as sent to the client. */
export interface WireIssue {
  readonly message: string;
  /** Keys from the payload's root to the offending value. */
  readonly path?: readonly (string | number)[];
}

/** Who is connected: one entry per connection. */
export interface PresenceEntry<P = unknown> {
  readonly id: string;
  readonly presence: P;
}

/** First frame on every connection. */
export interface WelcomeFrame {
  readonly v: typeof PROTOCOL_VERSION;
  readonly kind: "welcome";
  /** This connection's id (the same `conn.id` the object sees). */
  readonly id: string;
  /** Everyone connected, this connection included; absent when presence is off. */
  readonly presence?: readonly PresenceEntry[] | undefined;
  /** Topics the object subscribed this connection to in `connect`. */
  readonly topics: readonly string[];
}

/** Something the object sent: `conn.send`, `ctx.broadcast`, or `ctx.publish` (with `topic`). */
export interface EventFrame {
  readonly v: typeof PROTOCOL_VERSION;
  readonly kind: "event";
  readonly type: string;
  readonly payload?: unknown;
  readonly topic?: string | undefined;
}

/** The answer to a client frame that had an `id`: what the handler returned. */
export interface ReplyFrame {
  readonly v: typeof PROTOCOL_VERSION;
  readonly kind: "reply";
  readonly id: FrameId;
  readonly payload?: unknown;
}

/** A refused frame. The connection stays open; nothing on the object changed. */
export interface ErrorFrame {
  readonly v: typeof PROTOCOL_VERSION;
  readonly kind: "error";
  /** Set when the refused frame carried a usable `id`. */
  readonly id?: FrameId | undefined;
  /** A code of `ErrorCode`, or one an app's handler threw with `MessageError`. */
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly WireIssue[] | undefined;
  readonly retryAfterMs?: number | undefined;
}

/** Someone joined, left, or changed their presence. */
export interface PresenceFrame {
  readonly v: typeof PROTOCOL_VERSION;
  readonly kind: "presence";
  readonly op: "join" | "leave" | "update";
  readonly id: string;
  /** Absent on `leave`. */
  readonly presence?: unknown;
}

export type ServerFrame = WelcomeFrame | EventFrame | ReplyFrame | ErrorFrame | PresenceFrame;

/** Keys refused anywhere in a frame: merging such a payload into an object could pollute prototypes. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** The longest message type and string id accepted. */
export const MAX_TYPE_LENGTH = 64;
export const MAX_ID_LENGTH = 64;

/**
 * The character invalid UTF-8 decodes to. The server takes it, unescaped in a frame, for bytes
 * that were not UTF-8 (and closes with `CloseCode.INVALID_DATA`); a frame that means it escapes it.
 */
export const REPLACEMENT_CHARACTER = "\uFFFD";

/**
 * A client frame as the text to send: JSON with U+FFFD escaped (`\ufffd`, which JSON.parse reads
 * back as the same character), so a frame never holds the character by which the server knows
 * invalid UTF-8. U+FFFD can only occur inside JSON strings, where the escape is valid.
 *
 * @example
 * socket.send(encodeClientFrame({ v: 1, type: "post", payload: { text: "\uFFFD" } }));
 */
export function encodeClientFrame(frame: ClientFrame): string {
  const text = JSON.stringify(frame);
  return text.includes(REPLACEMENT_CHARACTER) ? text.replaceAll(REPLACEMENT_CHARACTER, "\\ufffd") : text;
}
