import { CONNECTION_TAG, decodeRecord, encodeRecord, newRecord, type Accepted } from "./attachment.js";
import { DormError } from "../errors.js";
import { checkProtocol, LiveConnection, type ConnectionOwner, type Frame } from "./connection.js";
import type { DispatchTarget } from "./dispatch.js";
import type { RealtimeParts } from "./parts.js";
import type { RawTarget } from "./raw.js";
import { eventFrame, welcomeFrame } from "./frames.js";
import { Hub, sendToAll } from "./hub.js";
import { PING, PONG, PROBE_HEADER, type PresenceEntry } from "./protocol.js";
import type { CloseInfo, Connection, RealtimeContext, RealtimeOptions, RealtimeProtocol, SendOptions } from "./types.js";
import type { MessageSpec, Settings } from "./settings.js";
import type { Topics } from "./topics.js";

// Handlers take the object's ctx, which realtime only passes along: `never` accepts every ctx type.
type AnyRealtimeOptions = RealtimeOptions<never, unknown, unknown, unknown, unknown, unknown>;

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
export class Realtime implements RealtimeContext, ConnectionOwner, DispatchTarget, RawTarget {
  readonly #def: AnyRealtimeOptions;
  readonly #state: DurableObjectState;
  readonly #hub: Hub;
  readonly protocol: RealtimeProtocol;
  /** The instance's topics, with the topics part (else no connection has one). */
  readonly topicIndex: Topics | null;
  // What dispatch.ts and raw.ts read (DispatchTarget, RawTarget).
  readonly object: string;
  readonly ctx: object;
  readonly settings: Settings;
  readonly messages: ReadonlyMap<string, MessageSpec>;
  readonly parts: RealtimeParts;
  readonly subscribe: DispatchTarget["subscribe"];
  readonly receive: RawTarget["receive"];
  readonly refused: RawTarget["refused"];

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
    this.object = object;
    this.ctx = ctx;
    ({ settings: this.settings, messages: this.messages, parts: this.parts } = read);
    this.topicIndex = this.parts.topics ? new this.parts.topics() : null;
    this.#hub = new Hub(state, this, this.topicIndex);
    this.protocol = this.settings.protocol;
    this.subscribe = def.subscribe as DispatchTarget["subscribe"];
    this.receive = def.receive as RawTarget["receive"];
    this.refused = def.refused as RawTarget["refused"];
    // Heartbeats are answered by the runtime without waking the object (the pair persists with
    // it). Raw connections have their own heartbeat, if any (an app sets it in activate).
    if (this.protocol === "dorm") state.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  // ---- workerd events, from ObjectHost ----

  /**
   * A request to the object. Every upgrade is a connection (`connect` decides; the app's fetch
   * never sees one), and a probe asks `connect` without a socket; anything else goes to `fetch`.
   */
  fetch(request: Request, fetch: ((request: Request) => Response | Promise<Response>) | undefined): Response | Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() === "websocket") return this.upgrade(request);
    if (request.headers.has(PROBE_HEADER)) return this.probe(request);
    if (fetch) return fetch(request);
    return Response.json({ error: { code: "DORM_NO_FETCH", message: "this object takes WebSocket upgrades only (it has no fetch handler)." } }, { status: 426, headers: { Upgrade: "websocket" } });
  }

  /** A WebSocket upgrade: run `connect`, then accept (or return its refusal, with no socket). */
  async upgrade(request: Request): Promise<Response> {
    const accepted = await this.#decide(request);
    if (accepted instanceof Response) return accepted;
    const { record, text } = accepted;
    // Build the hub from the sockets already here before accepting this one: built after, it would
    // find the new socket too, and count it twice.
    this.#hub.load();
    const pair = new WebSocketPair();
    const socket = pair[1];
    this.#state.acceptWebSocket(socket, [CONNECTION_TAG]);
    socket.serializeAttachment(text);
    const conn = new LiveConnection(socket, record, this);
    const presence = this.#presenceFrames();
    if (presence) sendToAll(this.#hub.all(), presence("join", conn.id, record.presence), undefined);
    this.#hub.add(conn);
    if (this.protocol === "dorm") conn.sendFrame(welcomeFrame(conn.id, presence ? this.presence() : undefined, record.topics));
    await this.#accepted(conn);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  /**
   * The `accepted` hook: the socket exists and is in the hub, so what it sends reaches the new
   * connection (buffered until the client has the 101) and it counts among the others. If it
   * throws, the connection is closed (1011) and the others are told it left.
   */
  async #accepted(conn: LiveConnection): Promise<void> {
    try {
      await this.#def.accepted?.(this.ctx as never, conn);
    } catch (error) {
      console.error(`dorm: accepted of ${this.object} failed; the connection is closed:`, error);
      conn.close(1011, "the server failed to set up the connection");
    }
  }

  /** A probe (see PROBE_HEADER): what `connect` would answer, without a socket. */
  async probe(request: Request): Promise<Response> {
    const decided = await this.#decide(request);
    return decided instanceof Response ? decided : new Response(null, { status: 204 });
  }

  /** What `connect` decides (the connect part, which the build bundles for objects that have it), or the record of a connection without it. */
  #decide(request: Request): Promise<Response | Accepted> | Accepted {
    const { connect } = this.#def;
    if (connect) return this.parts.connect!(this, connect, request);
    const record = newRecord();
    return { record, text: encodeRecord(record, "connect") };
  }

  /** The connection behind a socket, or undefined for a socket the app accepted itself. */
  connectionOf(socket: WebSocket): LiveConnection | undefined {
    return this.#hub.get(socket);
  }

  message(conn: LiveConnection, message: string | ArrayBuffer): Promise<void> {
    // realtimeFeature made sure the build has the part of this object's protocol.
    return this.parts[this.protocol]!(this, conn, message);
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
    // Complete the closing handshake; the reserved codes (1005, 1006, 1015) mean there is no peer
    // left to answer.
    if (![1005, 1006, 1015].includes(info.code)) {
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
    await this.#def.disconnect?.(this.ctx as never, conn, info);
  }

  // ---- ConnectionOwner ----

  /**
   * The presence frames to send, or null: presence goes over the wire with dorm's protocol only
   * (raw connections keep it as data), and only when the object keeps it.
   */
  #presenceFrames(): RealtimeParts["presence"] | null {
    return this.protocol === "dorm" && this.settings.presence ? this.parts.presence! : null;
  }

  presenceChanged(conn: LiveConnection): void {
    const presence = this.#presenceFrames();
    if (presence) sendToAll(this.#hub.all(), presence("update", conn.id, conn.presence), undefined);
  }
  topics(where: string): Topics {
    if (this.topicIndex) return this.topicIndex;
    throw new DormError(
      "DORM_NOT_BUILT",
      `${where}: this build of ${this.object} has no realtime "topics" part: name publish, subscribe or topics in the object's file (a comment will do when a package makes the call), and rebuild.`,
    );
  }
  closedByServer(conn: LiveConnection, code: number, reason: string): void {
    if (this.#hub.remove(conn)) this.#state.waitUntil(this.#left(conn, { code, reason, wasClean: true }));
  }

  // ---- RealtimeContext (ctx.broadcast, ...) ----

  /** Who `where` sends to: every connection, or a topic's subscribers; after checking the call. */
  #audience(where: string, wanted: RealtimeProtocol, topic?: string): Iterable<LiveConnection> {
    checkProtocol(this, wanted, where);
    return topic === undefined ? this.#hub.all() : this.topics(where).audience(topic, where);
  }

  broadcast(type: string, payload?: unknown, options?: SendOptions): number {
    return sendToAll(this.#audience("ctx.broadcast", "dorm"), eventFrame(type, payload, undefined, `ctx.broadcast("${type}")`), options?.except);
  }

  publish(topic: string, type: string, payload?: unknown, options?: SendOptions): number {
    return sendToAll(this.#audience("ctx.publish", "dorm", topic), eventFrame(type, payload, topic, `ctx.publish("${topic}", "${type}")`), options?.except);
  }

  broadcastRaw(data: Frame, options?: SendOptions): number {
    return sendToAll(this.#audience("ctx.broadcastRaw", "raw"), data, options?.except);
  }

  publishRaw(topic: string, data: Frame, options?: SendOptions): number {
    return sendToAll(this.#audience("ctx.publishRaw", "raw", topic), data, options?.except);
  }

  connections(topic?: string): Connection[] {
    const all = [...this.#hub.all()];
    if (topic === undefined) return all;
    const subscribed = new Set(this.topicIndex?.subscribers(topic));
    return all.filter((conn) => subscribed.has(conn));
  }

  connection(id: string): Connection | undefined {
    return this.#hub.byId(id);
  }

  presence(): PresenceEntry[] {
    return [...this.#hub.all()].map((conn) => ({ id: conn.id, presence: conn.presence }));
  }
}
