import { defineDurableObject, durableObjects, type Connection, type ObjectContext } from "dorm";

// The chat room of Cloudflare's workers-chat-demo, on dorm. The page (app/chat.html) is the
// original and speaks the original protocol: raw JSON frames, the name first. dorm keeps each
// connection's data across hibernation (no sessions map, no attachment code) and hands frames
// to receive; the room's memory holds what the original kept in fields.
interface Member {
  /** Rate-limited per address, across rooms. */
  ip: string;
  /** Set by the first frame; until then the connection hears nothing. */
  name: string | null;
}
/** Messages a newcomer gets (the room keeps every one, as the original does: see the README's Security). */
const HISTORY = 100;
/** Bytes of one frame: a name or message the page sends is far smaller (it caps both). */
const MAX_FRAME_BYTES = 4 * 1024;

type Room = ObjectContext<unknown, Cloudflare.Env, { lastTimestamp: number; cooling: Set<string> }>;

/** To everyone who has said who they are (the others get the backlog when they do). */
function broadcast(ctx: Room, text: string): void {
  ctx.broadcastRaw(text, { except: ctx.connections().filter((c) => !(c.data as Member).name) });
}

const send = (conn: Connection<Member>, value: unknown) => conn.sendRaw(JSON.stringify(value));

/** At most one message in flight per connection while its address's limiter answers, and none while it cools down. */
function allowed(ctx: Room, conn: Connection<Member>): boolean {
  if (ctx.memory.cooling.has(conn.id)) return false;
  ctx.memory.cooling.add(conn.id);
  ctx.waitUntil(
    durableObjects.rateLimiter
      .get(conn.data.ip)
      .hit()
      .then((seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000)))
      .then(
        () => ctx.memory.cooling.delete(conn.id),
        (error: unknown) => {
          console.error("rate limiter failed:", error);
          conn.close(1011, "rate limiter unavailable");
        },
      ),
  );
  return true;
}

export default defineDurableObject({
  realtime: { protocol: "raw", maxMessageBytes: MAX_FRAME_BYTES },
  memory: () => ({ lastTimestamp: 0, cooling: new Set<string>() }),

  connect(request): { data: Member } {
    return { data: { ip: request.headers.get("CF-Connecting-IP") ?? "unknown", name: null } };
  },

  async receive(ctx, conn, message) {
    if (!allowed(ctx, conn)) return send(conn, { error: "Your IP is being rate-limited, please try again later." });
    let data: { name?: unknown; message?: unknown };
    try {
      data = JSON.parse(String(message));
    } catch {
      return send(conn, { error: "Messages are JSON." });
    }

    if (!conn.data.name) {
      // The first frame names the user: then the roster, the last 100 messages, and the join.
      const name = String(data.name || "anonymous");
      if (name.length > 32) {
        send(conn, { error: "Name too long." });
        return conn.close(1009, "Name too long.");
      }
      for (const other of ctx.connections()) {
        const { name: theirs } = other.data as Member;
        if (theirs) send(conn, { joined: theirs });
      }
      const backlog = await ctx.storage.list<string>({ reverse: true, limit: HISTORY });
      for (const saved of [...backlog.values()].reverse()) conn.sendRaw(saved);
      conn.setData((member) => ({ ...member, name }));
      broadcast(ctx, JSON.stringify({ joined: name }));
      return send(conn, { ready: true });
    }

    const text = String(data.message);
    if (text.length > 256) return send(conn, { error: "Message too long." });
    // Monotonic timestamps, even for messages that arrive in the same millisecond.
    const timestamp = Math.max(Date.now(), ctx.memory.lastTimestamp + 1);
    ctx.memory.lastTimestamp = timestamp;
    const saved = JSON.stringify({ name: conn.data.name, message: text, timestamp });
    broadcast(ctx, saved);
    await ctx.storage.put(new Date(timestamp).toISOString(), saved);
  },

  // A frame over MAX_FRAME_BYTES, or a flood past dorm's per-connection limit, answered in the
  // page's format (the error line it shows) rather than by closing the socket.
  refused(_ctx, conn, refusal) {
    send(conn, { error: refusal.code === "DORM_FRAME_TOO_LARGE" ? "Message too long." : "Your IP is being rate-limited, please try again later." });
  },

  disconnect(ctx, conn) {
    if (conn.data.name) broadcast(ctx, JSON.stringify({ quit: conn.data.name }));
  },
});
