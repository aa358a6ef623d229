import { ALARMS, Context, REALTIME, type AnyOptions } from "./context.js";
import type { ObjectPlan } from "./features.js";
import type { WebSocketMessage } from "./types.js";

/**
 * What the generated class delegates its platform handlers to. RPC methods call the definition
 * directly with `ctx` (the hot path); every other event from workerd comes through here, so
 * runtime features (scheduling, connections) can run before and around the user's handler.
 * Each feature is reached through `ctx` and is there only when the build bundled it.
 */
export class ObjectHost<S = unknown, E = unknown> {
  readonly ctx: Context<S, E>;
  /** Accessor name of the object (`chatRoom`). */
  readonly object: string;
  readonly #def: AnyOptions;

  constructor(plan: ObjectPlan, raw: DurableObjectState, env: E) {
    this.#def = plan.def;
    this.object = plan.info.object;
    this.ctx = new Context<S, E>(plan, raw, env);
  }

  fetch(request: Request): Response | Promise<Response> {
    const own = this.#def.fetch && ((r: Request) => this.#def.fetch!(r, this.ctx as never));
    const realtime = this.ctx[REALTIME];
    return realtime ? realtime.fetch(request, own) : own!(request);
  }

  // With the scheduler feature, the platform alarm belongs to it: it runs due schedules and the
  // definition's own alarm (set by ctx.setAlarm).
  async alarm(info: AlarmInvocationInfo | undefined): Promise<void> {
    const alarms = this.ctx[ALARMS];
    if (alarms) await alarms.run(info);
    else await this.#def.alarm?.(this.ctx as never, info);
  }

  webSocketMessage(ws: WebSocket, message: WebSocketMessage): void | Promise<void> {
    const realtime = this.ctx[REALTIME];
    const conn = realtime?.connectionOf(ws);
    if (conn) return realtime!.message(conn, message);
    return this.#def.webSocketMessage?.(ws, message, this.ctx as never);
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string, wasClean: boolean): Promise<void> {
    if (await this.ctx[REALTIME]?.closed(ws, { code, reason, wasClean })) return;
    await this.#def.webSocketClose?.(ws, code, reason, wasClean, this.ctx as never);
  }

  async webSocketError(ws: WebSocket, error: unknown): Promise<void> {
    // An error ends the socket: for a connection it is a close (1006, like a dropped network).
    if (await this.ctx[REALTIME]?.closed(ws, { code: 1006, reason: String((error as Error)?.message ?? error), wasClean: false })) return;
    await this.#def.webSocketError?.(ws, error, this.ctx as never);
  }
}
