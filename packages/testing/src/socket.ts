import type { WebSocket as MiniflareWebSocket } from "miniflare";

export type SocketMessage = string | ArrayBuffer;

/** Why a socket closed. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

/**
 * A WebSocket to the app, for Node tests: `send`, `close`, and the messages it received, awaited
 * one at a time with `next()` (with a deadline, never a sleep).
 *
 * @example
 * const socket = await app.connect("/objects/room/lobby/ws");
 * socket.send("hello");
 * expect(await socket.next()).toBe("lobby> hello");
 */
export class TestSocket {
  /** Every message received so far, in order. */
  readonly messages: SocketMessage[] = [];
  /** Resolves when the socket closes (from either side). */
  readonly closed: Promise<CloseInfo>;
  #read = 0;
  #waiters = new Set<() => void>();
  #close: CloseInfo | null = null;

  /** `raw` is the accepted WebSocket (standard `send`/`close`/`addEventListener`). */
  readonly raw: MiniflareWebSocket;
  constructor(raw: MiniflareWebSocket) {
    this.raw = raw;
    raw.addEventListener("message", (event) => {
      this.messages.push(event.data as SocketMessage);
      this.#wake();
    });
    this.closed = new Promise((resolve) => {
      raw.addEventListener("close", (event) => {
        this.#close = { code: event.code, reason: event.reason };
        this.#wake();
        resolve(this.#close);
      });
    });
  }

  send(message: string | ArrayBuffer | ArrayBufferView): void {
    this.raw.send(message as string);
  }

  close(code?: number, reason?: string): void {
    this.raw.close(code, reason);
  }

  /** The next message not yet returned by `next()`; rejects when the socket closes first or after `timeoutMs`. */
  async next(timeoutMs = 5_000): Promise<SocketMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.#read < this.messages.length) return this.messages[this.#read++]!;
      if (this.#close) throw new Error(`the socket closed (${this.#close.code} ${this.#close.reason}) before another message arrived`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no message within ${timeoutMs} ms (received ${this.messages.length} so far)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        const waiters = this.#waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  /** `next()`, parsed as JSON. */
  async json<T = unknown>(timeoutMs?: number): Promise<T> {
    const message = await this.next(timeoutMs);
    return JSON.parse(typeof message === "string" ? message : new TextDecoder().decode(message)) as T;
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
