import { defineDurableObject } from "dorm";

// Seed 002's ChatRoom. Its clients keep their protocol: `?name=` on the upgrade, `{ type:
// "history" }` first, then join, message and leave frames. What changed: dorm accepts the socket
// (hibernatable, where the seed's server.accept() kept the object awake), keeps each connection's
// name, and the sessions map is gone; lastTimestamp lives in memory, as it did in a field.
type Message = { id: string; name: string; text: string; timestamp: number };

export default defineDurableObject({
  // The seed's migration made KV-backed classes (new_classes), and a class keeps its storage.
  storage: "kv",
  realtime: { protocol: "raw" },
  memory: () => ({ lastTimestamp: 0 }),

  connect(request) {
    return { data: { name: new URL(request.url).searchParams.get("name") || "Anonymous" } };
  },

  // The socket exists: send the newcomer the history, then announce the join to everyone.
  async accepted(ctx, conn) {
    const history = await ctx.storage.list<Message>({ prefix: "message:", reverse: true, limit: 50 });
    conn.sendRaw(JSON.stringify({ type: "history", messages: [...history.values()].reverse() }));
    ctx.broadcastRaw(JSON.stringify({ type: "join", name: conn.data.name, timestamp: Date.now() }));
  },

  async receive(ctx, conn, frame) {
    const data = JSON.parse(String(frame)) as { type?: string; text?: string };
    if (data.type !== "message") return;
    ctx.memory.lastTimestamp = Math.max(Date.now(), ctx.memory.lastTimestamp + 1);
    const message: Message = { id: `message:${ctx.memory.lastTimestamp}`, name: conn.data.name, text: String(data.text), timestamp: Date.now() };
    await ctx.storage.put(message.id, message);
    ctx.broadcastRaw(JSON.stringify({ type: "message", ...message }));
  },

  disconnect(ctx, conn) {
    ctx.broadcastRaw(JSON.stringify({ type: "leave", name: conn.data.name, timestamp: Date.now() }));
  },

  // HTTP API for chat history.
  async fetch(request, ctx) {
    if (new URL(request.url).pathname !== "/history") return new Response("Expected WebSocket", { status: 400 });
    const messages = await ctx.storage.list<Message>({ prefix: "message:", reverse: true, limit: 100 });
    return Response.json([...messages.values()]);
  },
});
