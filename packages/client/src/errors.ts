/**
 * Every failure the client reports: an error frame from the object (its `code`, e.g.
 * `DORM_INVALID_PAYLOAD` or one the app's handler chose) or one of the client's own codes.
 */
export class ClientError extends Error {
  readonly code: string;
  /** For `DORM_INVALID_PAYLOAD`: where the payload failed its schema. */
  readonly issues?: readonly { message: string; path?: readonly (string | number)[] }[];
  /** For `DORM_RATE_LIMITED`: when to try again. */
  readonly retryAfterMs?: number;

  constructor(code: string, message: string, extra: { issues?: ClientError["issues"] | undefined; retryAfterMs?: number | undefined } = {}) {
    super(message);
    this.name = "ClientError";
    this.code = code;
    if (extra.issues) this.issues = extra.issues;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
  }
}

/** The client's own codes. */
export const ClientCode = {
  /** No reply within `timeoutMs`. The message may still have been handled. */
  TIMEOUT: "DORM_TIMEOUT",
  /** The connection dropped after the message was sent and before its reply: it may or may not have been handled. */
  DISCONNECTED: "DORM_DISCONNECTED",
  /** Offline, and the offline queue is full. */
  QUEUE_FULL: "DORM_QUEUE_FULL",
  /** The client was closed (by `close()`, or for good: refused, or out of attempts). */
  CLOSED: "DORM_CLOSED",
  /** No WebSocket implementation: pass `{ WebSocket }` (in Node 20, from the `ws` package). */
  NO_WEBSOCKET: "DORM_NO_WEBSOCKET",
  /** The object speaks another protocol version. */
  PROTOCOL: "DORM_PROTOCOL",
} as const;
