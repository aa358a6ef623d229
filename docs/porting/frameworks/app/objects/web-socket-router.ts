import { defineDurableObject } from "dorm";

// Seed 001's WebSocketRouter (a ws-kit router on a shard) on dorm: clients send their own JSON
// ({ type: "JOIN_ROOM", payload: { roomId } }), and a room's updates go to the connections that
// joined it, through dorm's topics. One shard holds many rooms.
type ClientMessage = { type: "JOIN_ROOM"; payload: { roomId: string } } | { type: "SAY"; payload: { roomId: string; text: string } };

const roomUpdate = (roomId: string, text: string, userId: string) => JSON.stringify({ type: "ROOM_UPDATE", payload: { roomId, text, userId } });

export default defineDurableObject({
  realtime: { protocol: "raw" },

  connect(request) {
    return { data: { userId: new URL(request.url).searchParams.get("user") ?? "anonymous" } };
  },

  receive(ctx, conn, frame) {
    const message = JSON.parse(String(frame)) as ClientMessage;
    const topic = `room:${message.payload.roomId}`;
    if (message.type === "JOIN_ROOM") conn.subscribe(topic);
    else if (conn.topics.includes(topic)) ctx.publishRaw(topic, roomUpdate(message.payload.roomId, message.payload.text, conn.data.userId));
  },

  // An announcement from another worker (federate, below): to every connection on this shard.
  async fetch(request, ctx) {
    const { text } = (await request.json()) as { text: string };
    return Response.json({ sent: ctx.broadcastRaw(roomUpdate("*", text, "system")) });
  },
});
