// A raw protocol client for tests: a `ws` socket that records every frame, with waits that poll
// a condition against a deadline (never a fixed sleep).
import WebSocket from "ws";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Frame = Record<string, any>;

export interface Refused {
  readonly status: number;
  readonly body: string;
}

export class TestSocket {
  /** Every text frame received, parsed when it is JSON, in order. */
  readonly frames: Frame[] = [];
  readonly raw: string[] = [];
  #cursor = 0;
  #waiters = new Set<() => void>();
  closeInfo: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? `<binary ${(data as Buffer).length}>` : data.toString();
      this.raw.push(text);
      try {
        this.frames.push(JSON.parse(text) as Frame);
      } catch {
        this.frames.push({ text });
      }
      this.#wake();
    });
    ws.on("close", (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.#wake();
    });
  }

  #wake(): void {
    for (const waiter of this.#waiters) waiter();
  }

  /** Open a socket; resolves once it is open, or with the status of a refused upgrade. */
  static open(url: string): Promise<TestSocket> {
    return TestSocket.attempt(url).then((result) => {
      if (result instanceof TestSocket) return result;
      throw new Error(`upgrade refused: ${result.status} ${result.body}`);
    });
  }

  static attempt(url: string): Promise<TestSocket | Refused> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const socket = new TestSocket(ws);
      ws.once("open", () => resolve(socket));
      ws.once("unexpected-response", (_request, response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      ws.once("error", (error) => reject(error));
    });
  }

  /** Wait until `ready()` returns a value (checked on every frame and close), or fail after `ms`. */
  until<T>(ready: () => T | undefined | null | false, what: string, ms = 15_000): Promise<T> {
    const now = ready();
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const check = () => {
        const value = ready();
        if (!value) return;
        clearTimeout(timer);
        this.#waiters.delete(check);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; last frames: ${JSON.stringify(this.frames.slice(-3))}`));
      }, ms);
      this.#waiters.add(check);
    });
  }

  /** The next frame (after the ones already taken) that matches. */
  next(match: (frame: Frame) => boolean = () => true, what = "a frame", ms?: number): Promise<Frame> {
    return this.until(() => {
      for (let i = this.#cursor; i < this.frames.length; i++) {
        if (match(this.frames[i]!)) {
          this.#cursor = i + 1;
          return this.frames[i]!;
        }
      }
      return undefined;
    }, what, ms);
  }

  /** Wait until `count` frames matching have arrived in all (counting from the start). */
  count(match: (frame: Frame) => boolean, count: number, what: string, ms?: number): Promise<Frame[]> {
    return this.until(() => {
      const found = this.frames.filter(match);
      return found.length >= count ? found : undefined;
    }, `${count} × ${what}`, ms);
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === "string" || frame instanceof Uint8Array ? frame : JSON.stringify(frame));
  }

  /** Send a message with an id and wait for its reply or error frame. */
  async call(type: string, payload?: unknown, id: string = `${type}-${Math.random().toString(36).slice(2)}`): Promise<Frame> {
    this.send(payload === undefined ? { v: 1, type, id } : { v: 1, type, id, payload });
    return this.next((f) => f.id === id && (f.kind === "reply" || f.kind === "error"), `the answer to ${type}`);
  }

  closed(): Promise<{ code: number; reason: string }> {
    return this.until(() => this.closeInfo, "the socket to close");
  }

  close(code = 1000): Promise<{ code: number; reason: string }> {
    this.ws.close(code);
    return this.closed();
  }
}
