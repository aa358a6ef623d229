import { defineDurableObject } from "dorm";
import { isChatMessage, MAX_FRAME_BYTES, RATE_LIMIT } from "../chat-message.js";

// partyserver's chat fixture, on dorm: a room per name, every message to everyone in it. The
// React client (client/, the original files) connects with partysocket and sends its own JSON;
// the raw protocol passes it through untouched. Bound as "Chat", the name the app's config gives.
// Unlike the original, the room relays only chat messages within ../chat-message.ts's limits
// (others are dropped), and a connection that sends too much or too fast is closed.
export default defineDurableObject({
  realtime: { protocol: "raw", maxMessageBytes: MAX_FRAME_BYTES, rateLimit: RATE_LIMIT },
  receive(ctx, _conn, message) {
    if (isChatMessage(message)) ctx.broadcastRaw(message);
  },
});
