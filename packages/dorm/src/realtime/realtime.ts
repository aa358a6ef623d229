import { handledError } from "../object/handled-errors.js";
import { CONNECTION_TAG, decodeRecord, encodeRecord, type ConnectionRecord } from "./attachment.js";
import { checkProtocol, checkTopic, LiveConnection, type ConnectionOwner, type Frame } from "./connection.js";
import type { DispatchTarget } from "./dispatch.js";
import { takesConnections } from "./options.js";
import type { RealtimeParts } from "./parts.js";
import type { RawTarget } from "./raw.js";
import { eventFrame, welcomeFrame } from "./frames.js";
import { Hub, sendToAll } from "./hub.js";
import { PING, PONG, PROBE_HEADER, type PresenceEntry } from "./protocol.js";
import type { CloseInfo, ConnectAccept, Connection, RealtimeContext, RealtimeOptions, RealtimeProtocol, SendOptions } from "./types.js";
import type { MessageSpec, Settings } from "./validate.js";

// Handlers take the object's ctx, which realtime only passes along: `never` accepts every ctx type.
type AnyRealtimeOptions = RealtimeOptions<never, unknown, unknown, unknown, unknown, unknown>;

/** Whether a request asks for a WebSocket. */
const isUpgrade = (request: Request): boolean => request.headers.get("Upgrade")?.toLowerCase() === "websocket";
const RESERVED_CLOSE_CODES = new Set([1005, 1006, 1015]);

const jsonError = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status });

/**
 * An object's WebSocket connections: accepting them (`connect`, then `accepted`), their frames,
 * presence, topics, and `ctx.broadcast`/`ctx.publish`. One per object instance, created on first
 * use, so objects without connections pay nothing.
 *
 * The seam between the connection records and the wire: everything about a connection (id,
 * data, presence, topics, rate limit, hibernation) is the same for both protocols; only what goes
 * over the socket differs. `"dorm"` frames are made in frames.ts and dispatched by dispatch.ts;
 * `"raw"` frames are the app's, dispatched by raw.ts to `receive`.
 */
export class Realtime implements RealtimeContext, ConnectionOwner {
  readonly #def: AnyRealtimeOptions;
  readonly #state: DurableObjectState;
  readonly #hub: Hub;
  readonly #target: DispatchTarget & RawTarget;
  readonly protocol: RealtimeProtocol;

  /**
   * `settings` and `messages` are the definition's, read and checked once when the worker loaded
   * (realtime/feature.ts), and `parts` the realtime parts this build has.
   */
  constructor(
    def: AnyRealtimeOptions,
    state: DurableObjectState,
    ctx: object,
    object: string,
    read: { readonly settings: Settings; readonly messages: ReadonlyMap<string, MessageSpec>; readonly parts: RealtimeParts },
  ) {
    this.#def = def;
    this.#state = state;
    this.#hub = new Hub(state, this);
    const { settings, messages, parts } = read;
    this.protocol = settings.protocol;
    this.#target = {
      object,
      ctx,
      settings,
      parts,
      messages,
      subscribe: def.subscribe as DispatchTarget["subscribe"],
      receive: def.receive as RawTarget["receive"],
      refused: def.refused as RawTarget["refused"],
    };
    // Heartbeats are answered by the runtime without waking the object (the pair persists with
    // it). Raw connections have their own heartbeat, if any (an app sets it in activate).
    if (this.protocol === "dorm" && takesConnections(def)) state.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  // ---- workerd events, from ObjectHost ----

  /**
   * A request to the object. Every upgrade is a connection (`connect` decides; the app's fetch
   * never sees one), and a probe asks `connect` without a socket; anything else goes to `fetch`.
   */
  fetch(request: Request, fetch: ((request: Request) => Response | Promise<Response>) | undefined): Response | Promise<Response> {
    if (isUpgrade(request)) return this.upgrade(request);
    if (request.headers.has(PROBE_HEADER)) return this.probe(request);
    if (fetch) return fetch(request);
    return Response.json(
      { error: { code: "DORM_NO_FETCH", message: "this object answers WebSocket upgrades only (it has no fetch handler)." } },
      { status: 426, headers: { Upgrade: "websocket" } },
    );
  }

  /** A WebSocket upgrade: run `connect`, then accept (or return its refusal, with no socket). */
  async upgrade(request: Request): Promise<Response> {
    const decided = await this.#decide(request);
    if (decided instanceof Response) return decided;
    const record: ConnectionRecord = {
      id: crypto.randomUUID(),
      data: decided.data,
      presence: decided.presence ?? null,
      topics: [...new Set(decided.topics ?? [])],
      connectedAt: Date.now(),
    };
    let text: string;
    try {
      for (const topic of record.topics) checkTopic(topic, `connect of ${this.#target.object}`);
      text = encodeRecord(record, `connect of ${this.#target.object}`);
    } catch (error) {
      console.error(`dorm: connect of ${this.#target.object} returned a connection dorm cannot keep:`, error);
      return jsonError(500, "DORM_CONNECT_FAILED", `connect of ${this.#target.object} failed; the server's log has the details.`);
    }
    // Build the hub from the sockets already here before accepting this one: built after, it would
    // find the new socket too, and count it twice.
    this.#hub.load();
    const pair = new WebSocketPair();
    const socket = pair[1];
    this.#state.acceptWebSocket(socket, [CONNECTION_TAG]);
    socket.serializeAttachment(text);
    const conn = new LiveConnection(socket, record, this);
    if (this.protocol === "dorm") {
      const presence = this.#presenceFrames();
      if (presence) sendToAll(this.#hub.all(), presence("join", conn.id, record.presence), undefined);
      this.#hub.add(conn);
      conn.sendFrame(welcomeFrame(conn.id, presence ? this.presence() : undefined, record.topics));
    } else {
      this.#hub.add(conn);
    }
    await this.#accepted(conn);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /**
   * The `accepted` hook: the socket exists and is in the hub, so what it sends reaches the new
   * connection (buffered until the client has the 101) and it counts among the others. If it
   * throws, the connection is closed (1011) and the others are told it left.
   */
  async #accepted(conn: LiveConnection): Promise<void> {
    const { accepted } = this.#def;
    if (!accepted) return;
    try {
      await accepted(this.#target.ctx as never, conn);
    } catch (error) {
      console.error(`dorm: accepted of ${this.#target.object} failed; the connection is closed:`, error);
      conn.close(1011, "the server failed to set up the connection");
    }
  }

  /** A probe (see PROBE_HEADER): what `connect` would answer, without a socket. */
  async probe(request: Request): Promise<Response> {
    const decided = await this.#decide(request);
    return decided instanceof Response ? decided : new Response(null, { status: 204 });
  }

  async #decide(request: Request): Promise<Response | ConnectAccept<unknown, unknown>> {
    const { connect } = this.#def;
    if (!connect) return {};
    let result: unknown;
    try {
      result = await connect(request, this.#target.ctx as never);
    } catch (error) {
      console.error(`dorm: connect of ${this.#target.object} threw:`, error);
      handledError(this.#target.ctx, "connect", error);
      return jsonError(500, "DORM_CONNECT_FAILED", `connect of ${this.#target.object} failed; the server's log has the details.`);
    }
    if (result instanceof Response) {
      if (result.status === 101) {
        console.error(`dorm: connect of ${this.#target.object} returned a 101 response; return { data, presence } to accept, and let dorm make the socket.`);
        return jsonError(500, "DORM_CONNECT_FAILED", `connect of ${this.#target.object} failed; the server's log has the details.`);
      }
      return result;
    }
    if (result === undefined) return {};
    if (typeof result !== "object" || result === null || Array.isArray(result)) {
      console.error(`dorm: connect of ${this.#target.object} returned ${JSON.stringify(result)}; return a Response (reject(...)) to refuse, or { data?, presence?, topics? } to accept.`);
      return jsonError(500, "DORM_CONNECT_FAILED", `connect of ${this.#target.object} failed; the server's log has the details.`);
    }
    return result as ConnectAccept<unknown, unknown>;
  }

  /** The connection behind a socket, or undefined for a socket the app accepted itself. */
  connectionOf(socket: WebSocket): LiveConnection | undefined {
    return this.#hub.get(socket);
  }

  message(conn: LiveConnection, message: string | ArrayBuffer): Promise<void> {
    // realtimeFeature made sure the build has the part of this object's protocol.
    const { parts } = this.#target;
    return this.protocol === "dorm" ? parts.dorm!(this.#target, conn, message) : parts.raw!(this.#target, conn, message);
  }

  /** The socket closed or failed. Returns false when it was not a dorm connection. */
  async closed(socket: WebSocket, info: CloseInfo): Promise<boolean> {
    let conn = this.#hub.get(socket);
    if (conn) {
      this.#hub.remove(conn);
    } else {
      // Not in the hub: closing before the hub was built (after hibernation), closed by the
      // server already (then marked), or not one of dorm's sockets.
      if (!this.#state.getTags(socket).includes(CONNECTION_TAG)) return false;
      const record = decodeRecord(socket.deserializeAttachment());
      if (!record || record.closed) return true;
      conn = new LiveConnection(socket, record, this);
    }
    // Complete the closing handshake; the reserved codes mean there is no peer left to answer.
    if (!RESERVED_CLOSE_CODES.has(info.code)) {
      try {
        socket.close(info.code, info.reason);
      } catch {
        // already closed
      }
    }
    await this.#left(conn, info);
    return true;
  }

  async #left(conn: LiveConnection, info: CloseInfo): Promise<void> {
    const presence = this.#presenceFrames();
    if (presence) sendToAll(this.#hub.all(), presence("leave", conn.id, undefined), undefined);
    await this.#def.disconnect?.(this.#target.ctx as never, conn, info);
  }

  // ---- ConnectionOwner ----

  /**
   * The presence frames to send, or null: presence goes over the wire with dorm's protocol only
   * (raw connections keep it as data), and only when the object keeps it.
   */
  #presenceFrames(): RealtimeParts["presence"] | null {
    return this.protocol === "dorm" && this.#target.settings.presence ? this.#target.parts.presence! : null;
  }

  presenceChanged(conn: LiveConnection): void {
    const presence = this.#presenceFrames();
    if (presence) sendToAll(this.#hub.all(), presence("update", conn.id, conn.presence), undefined);
  }
  topicAdded(conn: LiveConnection, topic: string): void {
    this.#hub.topicAdded(conn, topic);
  }
  topicRemoved(conn: LiveConnection, topic: string): void {
    this.#hub.topicRemoved(conn, topic);
  }
  closedByServer(conn: LiveConnection, code: number, reason: string): void {
    if (!this.#hub.remove(conn)) return;
    this.#state.waitUntil(this.#left(conn, { code, reason, wasClean: true }));
  }

  // ---- RealtimeContext (ctx.broadcast, ...) ----

  broadcast(type: string, payload?: unknown, options?: SendOptions): number {
    checkProtocol(this, "dorm", "ctx.broadcast");
    return sendToAll(this.#hub.all(), eventFrame(type, payload, undefined, `ctx.broadcast("${type}")`), options?.except);
  }

  publish(topic: string, type: string, payload?: unknown, options?: SendOptions): number {
    checkProtocol(this, "dorm", "ctx.publish");
    checkTopic(topic, "ctx.publish");
    return sendToAll(this.#hub.subscribers(topic), eventFrame(type, payload, topic, `ctx.publish("${topic}", "${type}")`), options?.except);
  }

  broadcastRaw(data: Frame, options?: SendOptions): number {
    checkProtocol(this, "raw", "ctx.broadcastRaw");
    return sendToAll(this.#hub.all(), data, options?.except);
  }

  publishRaw(topic: string, data: Frame, options?: SendOptions): number {
    checkProtocol(this, "raw", "ctx.publishRaw");
    checkTopic(topic, "ctx.publishRaw");
    return sendToAll(this.#hub.subscribers(topic), data, options?.except);
  }

  connections(topic?: string): Connection[] {
    if (topic === undefined) return [...this.#hub.all()];
    const subscribed = new Set(this.#hub.subscribers(topic));
    return [...this.#hub.all()].filter((conn) => subscribed.has(conn));
  }

  connection(id: string): Connection | undefined {
    return this.#hub.byId(id);
  }

  presence(): PresenceEntry[] {
    return [...this.#hub.all()].map((conn) => ({ id: conn.id, presence: conn.presence }));
  }
}
