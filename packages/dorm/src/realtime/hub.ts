import { CONNECTION_TAG, decodeRecord } from "./attachment.js";
import { LiveConnection, type ConnectionOwner, type Frame } from "./connection.js";
import type { Topics } from "./topics.js";
import type { Except } from "./types.js";

/**
 * The open connections of one object instance, indexed by id (and by topic in Topics). Rebuilt from
 * the sockets' attachments the first time it is needed after the object starts (or wakes from
 * hibernation), then kept up to date in memory, so sending to many costs no decoding.
 */
export class Hub {
  #bySocket: Map<WebSocket, LiveConnection> | null = null;
  #byId = new Map<string, LiveConnection>();

  private readonly state: DurableObjectState;
  private readonly owner: ConnectionOwner;
  /** The instance's topics (the topics part), kept in step with the connections here. */
  private readonly topics: Topics | null;

  constructor(state: DurableObjectState, owner: ConnectionOwner, topics: Topics | null) {
    this.state = state;
    this.owner = owner;
    this.topics = topics;
  }

  /** Build the hub now (it is otherwise built on first use). */
  load(): void {
    this.#sockets();
  }

  #sockets(): Map<WebSocket, LiveConnection> {
    if (this.#bySocket) return this.#bySocket;
    const found: LiveConnection[] = [];
    for (const socket of this.state.getWebSockets(CONNECTION_TAG)) {
      // A socket already closing (its close event is on the way) is not a connection any more.
      if (socket.readyState !== WebSocket.OPEN) continue;
      const record = decodeRecord(socket.deserializeAttachment());
      if (record && !record.closed) found.push(new LiveConnection(socket, record, this.owner));
    }
    found.sort((a, b) => a.connectedAt - b.connectedAt || (a.id < b.id ? -1 : 1));
    this.#bySocket = new Map();
    for (const conn of found) this.#index(conn);
    return this.#bySocket;
  }

  #index(conn: LiveConnection): void {
    this.#bySocket!.set(conn.socket, conn);
    this.#byId.set(conn.id, conn);
    this.topics?.add(conn);
  }

  add(conn: LiveConnection): void {
    if (this.#sockets().has(conn.socket)) return;
    this.#index(conn);
  }

  /** Forget a connection; false when it was not here. */
  remove(conn: LiveConnection): boolean {
    if (!this.#sockets().delete(conn.socket)) return false;
    this.#byId.delete(conn.id);
    this.topics?.remove(conn);
    return true;
  }

  get(socket: WebSocket): LiveConnection | undefined {
    return this.#sockets().get(socket);
  }

  byId(id: string): LiveConnection | undefined {
    this.#sockets();
    return this.#byId.get(id);
  }

  all(): IterableIterator<LiveConnection> {
    return this.#sockets().values();
  }
}

/** Send one encoded frame to each connection but those in `except`; returns how many it reached. */
export function sendToAll(connections: Iterable<LiveConnection>, text: Frame, except: Except | undefined): number {
  let sent = 0;
  if (except === undefined) {
    for (const conn of connections) if (conn.sendFrame(text)) sent++;
    return sent;
  }
  const skip = exceptIds(except);
  for (const conn of connections) if (!skip.has(conn.id) && conn.sendFrame(text)) sent++;
  return sent;
}

function exceptIds(except: Except): Set<string> {
  const list = typeof except === "string" || !Array.isArray(except) ? [except as Exclude<Except, readonly unknown[]>] : except;
  return new Set(list.map((item) => (typeof item === "string" ? item : item.id)));
}
