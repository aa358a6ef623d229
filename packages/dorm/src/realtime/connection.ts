import { DormError } from "../errors.js";
import { encodeRecord, type ConnectionRecord } from "./attachment.js";
import { eventFrame } from "./frames.js";
import type { TokenBucket } from "./rate-limit.js";
import type { Topics } from "./topics.js";
import type { Connection, RealtimeProtocol } from "./types.js";

/** A frame as a socket sends it. */
export type Frame = string | ArrayBuffer | ArrayBufferView;

/** What a connection asks of its object, and tells it when something others can see changes. */
export interface ConnectionOwner {
  /** Which frames the connections speak (`realtime.protocol`). */
  readonly protocol: RealtimeProtocol;
  /** The instance's topics for `where` (conn.subscribe); DORM_NOT_BUILT without the topics part. */
  topics(where: string): Topics;
  presenceChanged(conn: LiveConnection): void;
  closedByServer(conn: LiveConnection, code: number, reason: string): void;
}

/**
 * The dorm-protocol calls on a raw connection, and the raw ones on a dorm connection, say what to
 * use: each call has a twin of the same name with `Raw` (`conn.send` / `conn.sendRaw`).
 */
export function checkProtocol(owner: { readonly protocol: RealtimeProtocol }, wanted: RealtimeProtocol, where: string): void {
  if (owner.protocol === wanted) return;
  const twin = wanted === "raw" ? where.slice(0, -3) : `${where}Raw`;
  throw new DormError("DORM_WRONG_PROTOCOL", `${where}: this object's connections speak realtime.protocol "${owner.protocol}"; use ${twin}, or set the protocol to "${wanted}".`);
}

/**
 * A connection backed by its socket's attachment. Every change is written to the attachment
 * first (which may throw: too large, not JSON) and only then applied, so a failed change leaves
 * the connection as it was.
 */
export class LiveConnection implements Connection {
  #record: ConnectionRecord;
  /** In memory only; see TokenBucket. */
  bucket: TokenBucket | null = null;

  readonly socket: WebSocket;
  private readonly owner: ConnectionOwner;

  constructor(socket: WebSocket, record: ConnectionRecord, owner: ConnectionOwner) {
    this.socket = socket;
    this.#record = record;
    this.owner = owner;
  }

  get id(): string {
    return this.#record.id;
  }
  get data(): unknown {
    return this.#record.data;
  }
  get presence(): unknown {
    return this.#record.presence ?? null;
  }
  get topics(): readonly string[] {
    return this.#record.topics;
  }
  get connectedAt(): number {
    return this.#record.connectedAt;
  }

  setData(next: unknown): void {
    const data = typeof next === "function" ? (next as (prev: unknown) => unknown)(this.#record.data) : next;
    this.#save({ ...this.#record, data }, "conn.setData");
  }

  setPresence(presence: unknown): void {
    this.#save({ ...this.#record, presence }, "conn.setPresence");
    this.owner.presenceChanged(this);
  }

  subscribe(topic: string): void {
    this.owner.topics("conn.subscribe").subscribe(this, topic);
  }

  unsubscribe(topic: string): void {
    // Without the topics part a connection has no topic to leave.
    if (this.#record.topics.includes(topic)) this.owner.topics("conn.unsubscribe").unsubscribe(this, topic);
  }

  /** Replace the topics (Topics keeps its index in step). */
  setTopics(topics: readonly string[], where: string): void {
    this.#save({ ...this.#record, topics }, where);
  }

  send(type: string, payload?: unknown): void {
    checkProtocol(this.owner, "dorm", "conn.send");
    this.sendFrame(eventFrame(type, payload, undefined, `conn.send("${type}")`));
  }

  sendRaw(data: Frame): void {
    checkProtocol(this.owner, "raw", "conn.sendRaw");
    this.sendFrame(data);
  }

  /** Send an encoded frame; a socket that is closing or gone is skipped. */
  sendFrame(frame: Frame): boolean {
    try {
      this.socket.send(frame);
      return true;
    } catch {
      return false;
    }
  }

  close(code = 1000, reason = ""): void {
    if (this.#record.closed) return;
    // Marked first: the close event workerd delivers later (maybe after hibernation) is then ignored.
    this.#save({ ...this.#record, closed: true }, "conn.close");
    try {
      this.socket.close(code, reason);
    } catch {
      // already closing
    }
    this.owner.closedByServer(this, code, reason);
  }

  #save(record: ConnectionRecord, where: string): void {
    this.socket.serializeAttachment(encodeRecord(record, where));
    this.#record = record;
  }
}
