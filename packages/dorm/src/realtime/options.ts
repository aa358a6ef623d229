// The realtime options' names, in one place: the runtime and the build (which decides from the
// source whether a generated class takes WebSocket connections) read them from here. Pure.

/** Options that make an object take WebSocket connections (the class then routes its upgrades to dorm). */
export const CONNECTION_OPTIONS = ["connect", "messages", "receive", "accepted"] as const;

/** Every realtime option of `defineDurableObject`. */
export const REALTIME_OPTIONS = /* @__PURE__ */ (() => [...CONNECTION_OPTIONS, "events", "subscribe", "disconnect", "refused", "realtime"] as const)();

/** Whether a definition takes connections: it has one of `CONNECTION_OPTIONS`. */
export const takesConnections = (def: object): boolean => CONNECTION_OPTIONS.some((name) => (def as Record<string, unknown>)[name] !== undefined);
