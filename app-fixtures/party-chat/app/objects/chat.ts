import { defineDurableObject } from "dorm";

// partyserver's chat fixture, on dorm: a room per name, every message to everyone in it. The
// React client (client/, the original files) connects with partysocket and sends its own JSON;
// the raw protocol passes it through untouched. Bound as "Chat", the name the app's config gives.
export default defineDurableObject({
  realtime: { protocol: "raw" },
  receive(ctx, _conn, message) {
    ctx.broadcastRaw(message);
  },
});
