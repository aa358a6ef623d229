import { Client } from "./client.js";
import type { ClientOptions, DormClient } from "./types.js";

/**
 * Connect to a dorm object's WebSocket `messages`, typed from its definition (`D`: `typeof` the
 * object's default export). Without it, events arrive as `unknown` and nothing can be sent. The connection is
 * kept open: it reconnects with jittered backoff, queues while offline and flushes in order,
 * re-subscribes to topics, and stops for good on a 401/403 refusal (or close codes 4401/4403).
 *
 * @example
 * import { connect } from "@dorm/client";
 * import type Room from "../app/objects/room";
 *
 * const room = connect<typeof Room>(`/rooms/lobby/ws?name=ada`);
 * room.on("message", (m) => console.log(m.from, m.text));
 * room.send.typing();
 * const saved = await room.call.post({ text: "hello" });
 *
 * // Node 20 has no global WebSocket: pass one.
 * import WebSocket from "ws";
 * connect<typeof Room>("ws://127.0.0.1:8787/rooms/lobby/ws", { WebSocket });
 */
export function connect<D = unknown>(url: string | URL | (() => string | URL), options?: ClientOptions): DormClient<D> {
  return new Client(url, options) as unknown as DormClient<D>;
}

export { ClientError, ClientCode } from "./errors.js";
export { backoffDelay } from "./backoff.js";
export type { ReconnectOptions } from "./backoff.js";
export type {
  CallMethods,
  CallOptions,
  ClientOptions,
  ClosedDetail,
  ConnectionStatus,
  DormClient,
  SendMethods,
  UntypedClientMessages,
  WebSocketConstructor,
} from "./types.js";
export { CloseCode, ErrorCode } from "dorm/protocol";
export type { PresenceEntry } from "dorm/protocol";
