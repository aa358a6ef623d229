import { REALTIME, type Context } from "../object/context.js";
import type { ConnectionMember } from "../object/feature-names.js";
import type { PresenceEntry } from "./protocol.js";
import type { Connection, SendOptions } from "./types.js";

type Ctx = Context<unknown, unknown>;

/**
 * `ctx`'s members that answer about connections, which the generated entry gives every `ctx`
 * when an object takes connections or the app's code names one of them (object/context.ts,
 * addMembers). An object without connections has none to send to: the same answers as one whose
 * clients all left.
 */
export const connectionsMembers: Pick<Ctx, ConnectionMember> & ThisType<Ctx> = {
  broadcast(type: string, payload?: unknown, options?: SendOptions): number {
    return this[REALTIME]?.broadcast(type, payload, options) ?? 0;
  },

  publish(topic: string, type: string, payload?: unknown, options?: SendOptions): number {
    return this[REALTIME]?.publish(topic, type, payload, options) ?? 0;
  },

  broadcastRaw(data: string | ArrayBuffer | ArrayBufferView, options?: SendOptions): number {
    return this[REALTIME]?.broadcastRaw(data, options) ?? 0;
  },

  publishRaw(topic: string, data: string | ArrayBuffer | ArrayBufferView, options?: SendOptions): number {
    return this[REALTIME]?.publishRaw(topic, data, options) ?? 0;
  },

  connections(topic?: string): Connection[] {
    return this[REALTIME]?.connections(topic) ?? [];
  },

  connection(id: string): Connection | undefined {
    return this[REALTIME]?.connection(id);
  },

  presence(): PresenceEntry[] {
    return this[REALTIME]?.presence() ?? [];
  },
};
