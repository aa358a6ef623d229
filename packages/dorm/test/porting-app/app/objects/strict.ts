import { defineDurableObject } from "dorm";

// Raw frames without a refused hook: dorm closes a connection that breaks the limits.
export default defineDurableObject({
  realtime: { protocol: "raw", maxMessageBytes: 8, rateLimit: { burst: 2, perSecond: 0.001 } },
  receive(ctx, conn, message) {
    conn.sendRaw(`ok ${String(message)}`);
  },
});
