import { Context, SCHEDULER, type AnyOptions, type ObjectInfo } from "./context.js";
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

  constructor(def: AnyOptions, raw: DurableObjectState, env: E, info: ObjectInfo) {
    this.#def = def;
    this.object = info.object;
    this.ctx = new Context<S, E>(def, raw, env, info);
  }

  fetch(request: Request): Response | Promise<Response> {
    return this.#def.fetch!(request, this.ctx as never);
  }

  // Always generated, even without an `alarm` handler: the platform alarm belongs to the
  // scheduler, which runs due schedules and the definition's own alarm (set by ctx.setAlarm).
  async alarm(info: AlarmInvocationInfo | undefined): Promise<void> {
    const scheduler = this.ctx[SCHEDULER];
    if (scheduler) await scheduler.run(info);
    else await this.#def.alarm?.(this.ctx as never, info);
  }

  webSocketMessage(ws: WebSocket, message: WebSocketMessage): void | Promise<void> {
    return this.#def.webSocketMessage?.(ws, message, this.ctx as never);
  }

  webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean): void | Promise<void> {
    return this.#def.webSocketClose?.(ws, code, reason, wasClean, this.ctx as never);
  }

  webSocketError(ws: WebSocket, error: unknown): void | Promise<void> {
    return this.#def.webSocketError?.(ws, error, this.ctx as never);
  }
}
