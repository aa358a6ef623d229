import {
  NO_RETRY_CLOSE_CODES,
  NO_RETRY_STATUSES,
  PING,
  PONG,
  PROBE_HEADER,
  PROTOCOL_VERSION,
  encodeClientFrame,
  SUBSCRIBE,
  UNSUBSCRIBE,
  type EventFrame,
  type PresenceEntry,
  type ServerFrame,
} from "dorm/protocol";
import { backoffDelay } from "./backoff.js";
import { ClientCode, ClientError } from "./errors.js";
import { applyPresence } from "./presence.js";
import { BoundedQueue } from "./queue.js";
import type { CallOptions, ClientOptions, ClosedDetail, ConnectionStatus, WebSocketConstructor } from "./types.js";

/** The part of a WebSocket the client uses; the browser's and `ws`'s both have it. */
interface Socket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

const OPEN = 1;

interface Outgoing {
  readonly text: string;
  readonly id?: string;
}

interface PendingCall {
  readonly type: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: ClientError) => void;
  readonly timeoutMs: number;
  /** Runs from when the frame is written to a socket: a queued call has no deadline. */
  timer: ReturnType<typeof setTimeout> | null;
  readonly outgoing: Outgoing;
  /** Written to a socket: if that socket drops, the call's fate is unknown. */
  sent: boolean;
}

type Listener<A extends unknown[]> = (...args: A) => void;

class Listeners<A extends unknown[]> {
  #set = new Set<Listener<A>>();
  add(listener: Listener<A>): () => void {
    this.#set.add(listener);
    return () => this.#set.delete(listener);
  }
  emit(...args: A): void {
    for (const listener of [...this.#set]) {
      try {
        listener(...args);
      } catch (error) {
        // One broken listener must not stop the others or the client.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

/** `ws://` for `http://`, `wss://` for `https://`; relative URLs resolve against the page. */
export function socketUrl(url: string | URL): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const parsed = new URL(url, base);
  if (parsed.protocol === "http:") parsed.protocol = "ws:";
  if (parsed.protocol === "https:") parsed.protocol = "wss:";
  return parsed.href;
}

const probeUrl = (url: string) => url.replace(/^ws(s?):/, "http$1:");

/**
 * One connection to a dorm object's `messages`, kept open: reconnects with backoff, queues
 * while offline, re-subscribes after reconnecting. Use through `connect()`.
 */
export class Client {
  readonly #url: () => string;
  readonly #options: ClientOptions;
  readonly #Socket: WebSocketConstructor;
  readonly #queue: BoundedQueue<Outgoing>;
  readonly #pending = new Map<string, PendingCall>();
  readonly #topics = new Set<string>();
  readonly #events = new Map<string, Listeners<[unknown, EventFrame]>>();
  readonly #statusListeners = new Listeners<[ConnectionStatus, ClosedDetail | undefined]>();
  readonly #presenceListeners = new Listeners<[readonly PresenceEntry[]]>();
  readonly #errorListeners = new Listeners<[ClientError]>();
  #socket: Socket | null = null;
  #status: ConnectionStatus = "connecting";
  #closedDetail: ClosedDetail | undefined;
  #id: string | null = null;
  #presence: readonly PresenceEntry[] = [];
  #attempt = 0;
  #nextId = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #heartbeat: ReturnType<typeof setInterval> | null = null;
  /** Frames received so far: the heartbeat compares counts instead of resetting a timer per frame. */
  #received = 0;

  constructor(url: string | URL | (() => string | URL), options: ClientOptions = {}) {
    this.#url = () => socketUrl(typeof url === "function" ? url() : url);
    this.#options = options;
    const Socket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Socket) {
      throw new ClientError(
        ClientCode.NO_WEBSOCKET,
        "connect: this runtime has no global WebSocket (Node 20 has none); pass one: connect(url, { WebSocket }) with `import WebSocket from \"ws\"`.",
      );
    }
    this.#Socket = Socket;
    this.#queue = new BoundedQueue(options.queueSize ?? 100);
    this.#open();
  }

  // ---- public surface (see DormClient in types.ts) ----

  get status(): ConnectionStatus {
    return this.#status;
  }
  get id(): string | null {
    return this.#id;
  }
  get presence(): readonly PresenceEntry[] {
    return this.#presence;
  }
  get topics(): readonly string[] {
    return [...this.#topics];
  }

  readonly send: Record<string, (payload?: unknown) => boolean> = methodProxy((type) => (payload?: unknown) => this.#send(type, payload));
  readonly call: Record<string, (payload?: unknown, options?: CallOptions) => Promise<unknown>> = methodProxy(
    (type) => (payload?: unknown, options?: CallOptions) => this.#call(type, payload, options),
  );

  on(type: string, handler: (payload: unknown, frame: EventFrame) => void): () => void {
    let listeners = this.#events.get(type);
    if (!listeners) this.#events.set(type, (listeners = new Listeners()));
    return listeners.add(handler);
  }
  onStatus(handler: (status: ConnectionStatus, detail?: ClosedDetail) => void): () => void {
    return this.#statusListeners.add(handler);
  }
  onPresence(handler: (presence: readonly PresenceEntry[]) => void): () => void {
    return this.#presenceListeners.add(handler);
  }
  onError(handler: (error: ClientError) => void): () => void {
    return this.#errorListeners.add(handler);
  }

  async subscribe(topic: string): Promise<void> {
    this.#topics.add(topic);
    try {
      await this.#call(SUBSCRIBE, { topic });
    } catch (error) {
      this.#topics.delete(topic);
      throw error;
    }
  }

  async unsubscribe(topic: string): Promise<void> {
    this.#topics.delete(topic);
    if (this.#status === "open") await this.#call(UNSUBSCRIBE, { topic });
  }

  ready(): Promise<void> {
    if (this.#status === "open") return Promise.resolve();
    if (this.#status === "closed") return Promise.reject(this.#closedError());
    return new Promise((resolve, reject) => {
      const stop = this.onStatus((status) => {
        if (status === "open") resolve();
        else if (status === "closed") reject(this.#closedError());
        else return;
        stop();
      });
    });
  }

  close(code = 1000, reason = ""): void {
    if (this.#status === "closed") return;
    const socket = this.#socket;
    this.#finish({ code, reason, byClient: true });
    try {
      socket?.close(code, reason);
    } catch {
      // already closing
    }
  }

  // ---- sending ----

  #frame(type: string, payload: unknown, id?: string): string {
    const frame: { v: typeof PROTOCOL_VERSION; type: string; id?: string; payload?: unknown } = { v: PROTOCOL_VERSION, type };
    if (id !== undefined) frame.id = id;
    if (payload !== undefined) frame.payload = payload;
    return encodeClientFrame(frame);
  }

  #send(type: string, payload: unknown): boolean {
    if (this.#status === "closed") return false;
    return this.#write({ text: this.#frame(type, payload) });
  }

  #call(type: string, payload: unknown, options?: CallOptions): Promise<unknown> {
    if (this.#status === "closed") return Promise.reject(this.#closedError());
    const id = `c${++this.#nextId}`;
    const outgoing: Outgoing = { text: this.#frame(type, payload, id), id };
    const timeoutMs = options?.timeoutMs ?? this.#options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { type, resolve, reject, timeoutMs, timer: null, outgoing, sent: false });
      if (!this.#write(outgoing)) {
        this.#pending.delete(id);
        reject(new ClientError(ClientCode.QUEUE_FULL, `${type}: offline, and the queue already holds ${this.#queue.max} frames; try again when connected (client.ready()).`));
      }
    });
  }

  /** Send now when open, else queue; false when the queue is full. */
  #write(outgoing: Outgoing): boolean {
    const socket = this.#socket;
    if (this.#status === "open" && socket && socket.readyState === OPEN) {
      this.#transmit(socket, outgoing);
      return true;
    }
    return this.#queue.push(outgoing);
  }

  #transmit(socket: Socket, outgoing: Outgoing): void {
    socket.send(outgoing.text);
    const id = outgoing.id;
    const pending = id === undefined ? undefined : this.#pending.get(id);
    if (!pending || pending.sent) return;
    pending.sent = true;
    // The deadline starts now: a call made offline waited for the connection, not for the object.
    pending.timer = setTimeout(() => {
      if (this.#pending.get(id!) !== pending) return;
      this.#pending.delete(id!);
      pending.reject(new ClientError(ClientCode.TIMEOUT, `${pending.type}: no reply within ${pending.timeoutMs} ms of sending it; it may still have been handled.`));
    }, pending.timeoutMs);
  }

  // ---- the connection's life ----

  #setStatus(status: ConnectionStatus, detail?: ClosedDetail): void {
    // Each refused attempt is news even while the status stays "reconnecting".
    if (this.#status === status && !detail) return;
    this.#status = status;
    this.#statusListeners.emit(status, detail);
  }

  #open(): void {
    this.#setStatus(this.#attempt === 0 && this.#id === null ? "connecting" : "reconnecting");
    const url = this.#url();
    let socket: Socket;
    try {
      socket = new this.#Socket(url) as Socket;
    } catch (error) {
      // A malformed URL, say: retrying cannot help.
      this.#finish({ reason: (error as Error).message });
      return;
    }
    this.#socket = socket;
    let opened = false;
    socket.onopen = () => {
      opened = true;
    };
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      this.#received++;
      this.#receive(socket, event.data);
    };
    socket.onerror = () => {
      // The close event follows and carries what there is to know.
    };
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      void this.#dropped(socket, event.code, event.reason, opened, url);
    };
  }

  #receive(socket: Socket, data: unknown): void {
    if (typeof data !== "string") return;
    if (data === PONG) return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (frame.v !== PROTOCOL_VERSION) {
      this.#errorListeners.emit(new ClientError(ClientCode.PROTOCOL, `the object speaks protocol version ${String(frame.v)}, this client ${PROTOCOL_VERSION}; update @dorm/client.`));
      return;
    }
    switch (frame.kind) {
      case "welcome":
        this.#id = frame.id;
        this.#attempt = 0;
        this.#presence = frame.presence ?? [];
        this.#setStatus("open");
        if (this.#closed()) return; // a status listener called close()
        if (frame.presence) this.#presenceListeners.emit(this.#presence);
        this.#resume(socket, frame.topics);
        return;
      case "event":
        this.#events.get(frame.type)?.emit(frame.payload, frame);
        return;
      case "reply": {
        const pending = this.#settle(frame.id);
        pending?.resolve(frame.payload);
        return;
      }
      case "error": {
        const error = new ClientError(frame.code, frame.message, { issues: frame.issues, retryAfterMs: frame.retryAfterMs });
        const pending = frame.id === undefined ? undefined : this.#settle(frame.id);
        if (pending) pending.reject(error);
        else this.#errorListeners.emit(error);
        return;
      }
      case "presence":
        this.#presence = applyPresence(this.#presence, frame);
        this.#presenceListeners.emit(this.#presence);
        return;
    }
  }

  #settle(id: string | number): PendingCall | undefined {
    const pending = this.#pending.get(String(id));
    if (!pending) return undefined;
    this.#pending.delete(String(id));
    if (pending.timer) clearTimeout(pending.timer);
    return pending;
  }

  /** Open: re-subscribe to this client's topics, then send what was queued, in order. */
  #resume(socket: Socket, granted: readonly string[]): void {
    for (const topic of this.#topics) {
      if (granted.includes(topic)) continue;
      // Not a call: a refusal now (the hook changed its mind) surfaces through onError.
      this.#transmit(socket, { text: this.#frame(SUBSCRIBE, { topic }) });
    }
    for (const outgoing of this.#queue.drain()) this.#transmit(socket, outgoing);
    this.#startHeartbeat(socket);
  }

  async #dropped(socket: Socket, code: number, reason: string, opened: boolean, url: string): Promise<void> {
    this.#stopHeartbeat();
    this.#socket = null;
    this.#id = null;
    // Calls already on the wire may or may not have been handled: the caller must decide.
    for (const [id, pending] of this.#pending) {
      if (!pending.sent) continue;
      this.#settle(id);
      pending.reject(new ClientError(ClientCode.DISCONNECTED, `the connection dropped (${code}) before the reply; the message may or may not have been handled.`));
    }
    if (this.#status === "closed") return;
    if (NO_RETRY_CLOSE_CODES.includes(code)) return this.#finish({ code, reason });
    if (!opened && this.#options.probe !== false) {
      const refusal = await this.#probe(url);
      if (this.#closed()) return; // close() may have run while the probe was out
      if (refusal && NO_RETRY_STATUSES.includes(refusal.status)) return this.#finish({ code, reason, ...refusal });
      // A refusal the client retries (503, 429, …) still reaches onStatus, for the page to say why.
      if (refusal) return this.#retry(code, reason, refusal);
    }
    this.#retry(code, reason);
  }

  /** What `connect` answers for this URL (its status, and its message when it gave one), or null when it cannot be known. */
  async #probe(url: string): Promise<{ status: number; message?: string } | null> {
    const fetcher = this.#options.fetch ?? (globalThis as { fetch?: ClientOptions["fetch"] }).fetch;
    if (!fetcher) return null;
    try {
      const response = await fetcher(probeUrl(url), { headers: { [PROBE_HEADER]: "1" } });
      // reject(status, message) answers { error: { code, message } }.
      const body = (await response.json?.().catch(() => null)) as { error?: { message?: unknown } } | null | undefined;
      const message = body?.error?.message;
      return typeof message === "string" ? { status: response.status, message } : { status: response.status };
    } catch {
      return null;
    }
  }

  #retry(code: number, reason: string, refusal?: { status: number; message?: string }): void {
    const reconnect = this.#options.reconnect;
    if (reconnect === false || this.#attempt >= (reconnect?.maxAttempts ?? Infinity)) {
      return this.#finish({ code, reason, ...refusal });
    }
    const delay = backoffDelay(this.#attempt++, reconnect ?? {}, this.#options.random);
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      this.#open();
    }, delay);
    // Last: a listener may close() the client here, which must also cancel the attempt above.
    this.#setStatus("reconnecting", refusal && { code, reason, ...refusal });
  }

  #finish(detail: ClosedDetail): void {
    if (this.#status === "closed") return;
    this.#closedDetail = detail;
    this.#stopHeartbeat();
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    if (this.#socket) {
      this.#socket.onmessage = this.#socket.onclose = this.#socket.onopen = null;
      this.#socket = null;
    }
    this.#queue.drain();
    for (const [id, pending] of this.#pending) {
      this.#settle(id);
      pending.reject(this.#closedError());
    }
    this.#setStatus("closed", detail);
  }

  #closed(): boolean {
    return this.#status === "closed";
  }

  #closedError(): ClientError {
    const d = this.#closedDetail;
    const why = d?.byClient ? "close() was called" : d?.status ? `the server refused the connection (${d.status})` : d?.code ? `the connection closed (${d.code}${d.reason ? `: ${d.reason}` : ""})` : "it closed";
    return new ClientError(ClientCode.CLOSED, `the client is closed for good: ${why}.`);
  }

  // ---- heartbeat ----

  /**
   * After `intervalMs` without any frame, send a ping; if still nothing arrives within
   * `timeoutMs`, the connection is dead (a half-open TCP connection never says so): drop it and
   * reconnect. Checked on a coarse interval, so a busy connection costs nothing per frame.
   */
  #startHeartbeat(socket: Socket): void {
    const heartbeat = this.#options.heartbeat === undefined ? { intervalMs: 25_000, timeoutMs: 10_000 } : this.#options.heartbeat;
    if (!heartbeat) return;
    this.#stopHeartbeat();
    let seen = this.#received;
    let quietSince = Date.now();
    let pingedAt: number | null = null;
    this.#heartbeat = setInterval(
      () => {
        if (this.#socket !== socket) return this.#stopHeartbeat();
        const now = Date.now();
        if (this.#received !== seen) {
          seen = this.#received;
          quietSince = now;
          pingedAt = null;
        } else if (pingedAt !== null) {
          if (now - pingedAt >= heartbeat.timeoutMs) this.#dead(socket);
        } else if (now - quietSince >= heartbeat.intervalMs && socket.readyState === OPEN) {
          socket.send(PING);
          pingedAt = now;
        }
      },
      Math.max(50, Math.min(heartbeat.intervalMs, heartbeat.timeoutMs) / 4),
    );
  }

  #dead(socket: Socket): void {
    socket.onclose = socket.onmessage = null;
    try {
      socket.close(4000, "heartbeat timeout");
    } catch {
      // nothing to close
    }
    void this.#dropped(socket, 1006, "heartbeat timeout", true, "");
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }
}

/** `client.send.post(...)` and `client.call.post(...)`: any property name is a message type. */
function methodProxy<F>(make: (type: string) => F): Record<string, F> {
  const cache = new Map<string, F>();
  return new Proxy({} as Record<string, F>, {
    get(_, key) {
      // Not a message: symbols, and `then` (so that awaiting the object does not call a message).
      if (typeof key !== "string" || key === "then") return undefined;
      let fn = cache.get(key);
      if (!fn) cache.set(key, (fn = make(key)));
      return fn;
    },
  });
}
