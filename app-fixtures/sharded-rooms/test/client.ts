// A chat client for the tests: a real WebSocket (undici's; Node 20 has no global WebSocket)
// whose frames are read in order, each with a deadline.
import { WebSocket } from "undici";
import type { ServerFrame } from "../app/objects/_protocol.js";

export class ChatClient {
  readonly #ws: WebSocket;
  readonly #frames: ServerFrame[] = [];
  #waiting: ((frame: ServerFrame) => void) | undefined;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.addEventListener("message", (event) => {
      const frame = JSON.parse(String(event.data)) as ServerFrame;
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (waiting) waiting(frame);
      else this.#frames.push(frame);
    });
  }

  /** Opens `/rooms/<room>/ws?user=<user>` on the worker at `base`. */
  static connect(base: URL, room: string, user: string): Promise<ChatClient> {
    const url = new URL(`/rooms/${encodeURIComponent(room)}/ws?user=${encodeURIComponent(user)}`, base);
    url.protocol = "ws:";
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      const client = new ChatClient(ws);
      ws.addEventListener("open", () => resolve(client), { once: true });
      ws.addEventListener("error", () => reject(new Error(`could not connect to ${url}`)), { once: true });
    });
  }

  /** The next frame this client received, in order; fails after `timeoutMs` without one. */
  next(timeoutMs = 10_000): Promise<ServerFrame> {
    const queued = this.#frames.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        reject(new Error(`no frame within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiting = (frame) => {
        clearTimeout(timer);
        resolve(frame);
      };
    });
  }

  say(text: string): void {
    this.#ws.send(JSON.stringify({ type: "say", text }));
  }

  close(): void {
    this.#ws.close(1000);
  }
}
