import { Context, REALTIME, SCHEDULER, type AnyOptions, type ObjectInfo } from "./context.js";
import { PROBE_HEADER } from "../realtime/protocol.js";
import { isUpgrade, Realtime } from "../realtime/realtime.js";
import type { WebSocketMessage } from "./types.js";

/**
 * What the generated class delegates its platform handlers to. RPC methods call the definition
 * directly with `ctx` (the hot path); every other event from workerd comes through here, so
 * runtime features (scheduling, connections) can run before and around the user's handler.
 */
export class ObjectHost<S = unknown, E = unknown> {
  readonly ctx: Context<S, E>;
  /** Accessor name of the object (`chatRoom`). */
  readonly object: string;
  readonly #def: AnyOptions;
  /** The definition takes WebSocket connections (`connect` or `messages`). */
  readonly #realtime: boolean;

  constructor(def: AnyOptions, raw: DurableObjectState, env: E, info: ObjectInfo) {
    this.#def = def;
    this.object = info.object;
    this.ctx = new Context<S, E>(def, raw, env, info);
    this.#realtime = Realtime.enabled(def);
  }

  /** Whether the definition takes WebSocket connections (`connect` or `messages`). */
  get takesConnections(): boolean {
    return this.#realtime;
  }

  fetch(request: Request): Response | Promise<Response> {
    if (this.#realtime) {
      // Every upgrade is a connection: `connect` decides, the app's fetch never sees one.
      if (isUpgrade(request)) return this.ctx[REALTIME].upgrade(request);
      if (request.headers.has(PROBE_HEADER)) return this.ctx[REALTIME].probe(request);
    }
    if (this.#def.fetch) return this.#def.fetch(request, this.ctx as never);
    return Response.json(
      { error: { code: "DORM_NO_FETCH", message: "this object answers WebSocket upgrades only (it has no fetch handler)." } },
      { status: 426, headers: { Upgrade: "websocket" } },
    );
  }

  // Always generated, even without an `alarm` handler: the platform alarm belongs to the
  // scheduler, which runs due schedules and the definition's own alarm (set by ctx.setAlarm).
  async alarm(info: AlarmInvocationInfo | undefined): Promise<void> {
    const scheduler = this.ctx[SCHEDULER];
    if (scheduler) await scheduler.run(info);
    else await this.#def.alarm?.(this.ctx as never, info);
  }

  webSocketMessage(ws: WebSocket, message: WebSocketMessage): void | Promise<void> {
    const conn = this.#realtime ? this.ctx[REALTIME].connectionOf(ws) : undefined;
    if (conn) return this.ctx[REALTIME].message(conn, message);
    return this.#def.webSocketMessage?.(ws, message, this.ctx as never);
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean): Promise<void> {
    if (this.#realtime && (await this.ctx[REALTIME].closed(ws, { code, reason, wasClean }))) return;
    await this.#def.webSocketClose?.(ws, code, reason, wasClean, this.ctx as never);
  }

  async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    // An error ends the socket: for a connection it is a close (1006, like a dropped network).
    if (this.#realtime && (await this.ctx[REALTIME].closed(ws, { code: 1006, reason: String((error as Error)?.message ?? error), wasClean: false }))) return;
    await this.#def.webSocketError?.(ws, error, this.ctx as never);
  }
}
