import { defineDurableObject, event, reject } from "dorm";
import * as v from "valibot";

// A type alias, not an interface: SQL row types must be plain records.
export type ChatMessage = {
  id: number;
  name: string;
  text: string;
  at: number;
};

/** Messages each room keeps. */
const HISTORY = 100;
const NAME = /^[\p{L}\p{N} _.-]{1,24}$/u;

/**
 * A chat room, one object per room: `durableObjects.__accessor__.get("lobby")`. Browsers connect
 * with `@dorm/client` to `/objects/__route__/<room>?name=<who>` and send the messages below;
 * `methods` are for your worker only (RPC), never reachable from a socket.
 */
export default defineDurableObject({
  sql: {
    migrations: ["CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL)"],
  },

  connect(request) {
    const name = new URL(request.url).searchParams.get("name")?.trim() ?? "";
    if (!NAME.test(name)) return reject(400, "pick a name: 1 to 24 letters, digits, spaces, . _ or -");
    return { data: { name }, presence: { name } };
  },

  messages: {
    /** Post to the room; everyone, the sender too, gets a `message` event. */
    post: {
      schema: v.object({ text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)) }),
      handler(ctx, { text }, conn): ChatMessage {
        const at = Date.now();
        const { id } = ctx.sql<{ id: number }>`INSERT INTO messages (name, text, at) VALUES (${conn.data.name}, ${text}, ${at}) RETURNING id`.one();
        ctx.sql`DELETE FROM messages WHERE id <= ${id - HISTORY}`;
        const message = { id, name: conn.data.name, text, at };
        ctx.broadcast("message", message);
        return message;
      },
    },
    /** The newest messages, oldest first. */
    history: {
      schema: v.object({ limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(HISTORY)), 50) }),
      handler(ctx, { limit }): ChatMessage[] {
        return ctx.sql<ChatMessage>`SELECT id, name, text, at FROM messages ORDER BY id DESC LIMIT ${limit}`.toArray().reverse();
      },
    },
    /** Tell the others that this connection started or stopped typing. */
    typing: {
      schema: v.object({ typing: v.boolean() }),
      handler(ctx, { typing }, conn) {
        ctx.broadcast("typing", { name: conn.data.name, typing }, { except: conn });
      },
    },
  },

  events: {
    message: event<ChatMessage>(),
    typing: event<{ name: string; typing: boolean }>(),
  },

  methods: {
    /** Who is in the room now. */
    who(ctx) {
      return ctx.presence().map((entry) => (entry.presence as { name: string }).name);
    },
    count(ctx) {
      return ctx.sql<{ n: number }>`SELECT count(*) AS n FROM messages`.one().n;
    },
  },
});
