import { defineDurableObject } from "dorm";

// Seed 004's ChatRoom, ported. Its clients keep their protocol (raw JSON frames, ?userId&name on
// the upgrade); dorm keeps the connections (no sessions map), the state, and the binding name the
// app's config gives it (ROOMS).
interface Message {
  type: "join" | "leave" | "message" | "typing";
  userId: string;
  content?: string;
  timestamp: number;
}
interface Room {
  messages: Message[];
  users: Record<string, { name: string; joinedAt: number }>;
}

export default defineDurableObject({
  init: (): Room => ({ messages: [], users: {} }),
  realtime: { protocol: "raw" },

  connect(request) {
    const url = new URL(request.url);
    const userId = url.searchParams.get("userId");
    const name = url.searchParams.get("name");
    if (!userId || !name) return new Response("Missing userId or name", { status: 400 });
    return { data: { userId, name } };
  },

  // After the socket exists: the newcomer is in the room, and everyone (it too) hears the join.
  accepted(ctx, conn) {
    const { userId, name } = conn.data;
    void ctx.setState((room) => ({ ...room, users: { ...room.users, [userId]: { name, joinedAt: Date.now() } } }));
    ctx.broadcastRaw(JSON.stringify({ type: "join", userId, content: name, timestamp: Date.now() } satisfies Message));
  },

  receive(ctx, conn, message) {
    const data = JSON.parse(String(message)) as { type?: string; content?: string };
    if (data.type === "message") {
      const msg: Message = { type: "message", userId: conn.data.userId, content: data.content, timestamp: Date.now() };
      void ctx.setState((room) => ({ ...room, messages: [...room.messages, msg].slice(-100) }));
      ctx.broadcastRaw(JSON.stringify(msg));
    } else if (data.type === "typing") {
      ctx.broadcastRaw(JSON.stringify({ type: "typing", userId: conn.data.userId, timestamp: Date.now() } satisfies Message), { except: conn });
    }
  },

  disconnect(ctx, conn) {
    const { [conn.data.userId]: _gone, ...users } = ctx.state.users;
    void ctx.setState((room) => ({ ...room, users }));
    ctx.broadcastRaw(JSON.stringify({ type: "leave", userId: conn.data.userId, timestamp: Date.now() } satisfies Message));
  },

  fetch(request, ctx) {
    switch (new URL(request.url).pathname) {
      case "/messages":
        return Response.json(ctx.state.messages);
      case "/users":
        return Response.json(ctx.state.users);
      default:
        return new Response("Not found", { status: 404 });
    }
  },

  // Cleans up users who joined over an hour ago, every minute once started (as the seed does).
  async alarm(ctx) {
    const now = Date.now();
    const users = Object.fromEntries(Object.entries(ctx.state.users).filter(([, user]) => now - user.joinedAt <= 3_600_000));
    await ctx.setState((room) => ({ ...room, users }));
    await ctx.setAlarm(Date.now() + 60_000);
  },
});
