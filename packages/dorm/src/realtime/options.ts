// The realtime options' names, in one place: the runtime and the build (which decides from the
// source whether a generated class takes WebSocket connections) read them from here. Pure.

/** Options that make an object take WebSocket connections (the class then routes its upgrades to dorm). */
export const CONNECTION_OPTIONS = ["connect", "messages", "receive", "accepted"] as const;

/** Every realtime option of `defineDurableObject`. */
export const REALTIME_OPTIONS = /* @__PURE__ */ (() => [...CONNECTION_OPTIONS, "events", "subscribe", "disconnect", "refused", "realtime"] as const)();

/**
 * The frames a connection speaks. `"dorm"`: dorm's envelope (`{ v, type, id?, payload? }`),
 * typed `messages`, `@dorm/client`. `"raw"`: the app's own format, as existing clients
 * (partysocket, a hand-written page) send it: each frame goes to `receive`, and the object sends
 * with `conn.sendRaw`, `ctx.broadcastRaw` and `ctx.publishRaw`.
 */
export type RealtimeProtocol = "dorm" | "raw";
