/// <reference path="../env.d.ts" />
import { defineDurableObject, event, reject, type DormSql } from "dorm";
import * as v from "valibot";
import { roomAccess } from "../access.js";

/** One chat message as stored and sent. `id` grows with each message of the room. */
export interface ChatMessage {
  id: number;
  name: string;
  text: string;
  /** Epoch ms, as the room received it. */
  at: number;
}

/** A page of history, oldest first; `more` says whether older messages exist. */
export interface HistoryPage {
  messages: ChatMessage[];
  more: boolean;
}

/** The room keeps its last 100 messages. */
export const HISTORY_SIZE = 100;
const NAME = /^[\p{L}\p{N} _.-]{1,24}$/u;

const PageQuery = v.object({
  /** Messages older than this id (omit for the newest). */
  before: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50)), 25),
});

function history(sql: DormSql, before: number | undefined, limit: number): HistoryPage {
  const rows = sql<{ id: number; name: string; text: string; at: number }>`
    SELECT id, name, text, at FROM messages WHERE id < ${before ?? Number.MAX_SAFE_INTEGER} ORDER BY id DESC LIMIT ${limit + 1}`.toArray();
  const more = rows.length > limit;
  return { messages: rows.slice(0, limit).reverse(), more };
}

/**
 * A chat room: one object per room name. Clients connect with `?name=` (and `?key=` for
 * staff-* rooms, see ../access.ts), post messages, page through the last 100, see who is here and
 * who is typing. Its RPC methods are for the worker, which checks the same access first.
 */
export default defineDurableObject({
  sql: {
    migrations: ["CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, text TEXT NOT NULL, at INTEGER NOT NULL)"],
  },

  async connect(request, ctx) {
    const url = new URL(request.url);
    const access = await roomAccess(ctx.name, url.searchParams.get("key"), ctx.env);
    if (!access.ok) return reject(access.status, access.message);
    const name = url.searchParams.get("name")?.trim() ?? "";
    if (!NAME.test(name)) return reject(400, "pick a name: 1 to 24 letters, digits, spaces, . _ or -");
    return { data: { name }, presence: { name } };
  },

  messages: {
    /** Post a message; everyone in the room (the sender too) gets it as a `message` event. */
    post: {
      schema: v.object({ text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)) }),
      handler(ctx, { text }, conn): ChatMessage {
        const at = Date.now();
        const { id } = ctx.sql<{ id: number }>`INSERT INTO messages (name, text, at) VALUES (${conn.data.name}, ${text}, ${at}) RETURNING id`.one();
        ctx.sql`DELETE FROM messages WHERE id <= ${id - HISTORY_SIZE}`;
        const message: ChatMessage = { id, name: conn.data.name, text, at };
        ctx.broadcast("message", message);
        return message;
      },
    },
    /** A page of the last 100 messages, newest page first: pass the oldest id you have as `before`. */
    history: {
      schema: PageQuery,
      handler: (ctx, { before, limit }) => history(ctx.sql, before, limit),
    },
    /** Tell the others this connection started or stopped typing. */
    typing: {
      schema: v.object({ typing: v.boolean() }),
      handler(ctx, { typing }, conn) {
        ctx.broadcast("typing", { id: conn.id, name: conn.data.name, typing }, { except: conn });
      },
    },
  },

  events: {
    message: event<ChatMessage>(),
    typing: event<{ id: string; name: string; typing: boolean }>(),
  },

  // A person types faster than this only when pasting; a script flooding the room gets error frames.
  realtime: { maxMessageBytes: 4096, rateLimit: { burst: 60, perSecond: 10 } },

  methods: {
    /** The same pages over RPC, for the worker's GET /rooms/<room>/history. */
    history(ctx, before?: number, limit: number = 25): HistoryPage {
      return history(ctx.sql, before, Math.min(Math.max(1, Math.trunc(limit)), 50));
    },
    /** Who is here: one entry per open connection. */
    who(ctx) {
      return ctx.presence().map((p) => (p.presence as { name: string }).name);
    },
    /** Messages posted since the room began (ids keep growing past the 100 kept), and connections. */
    stats(ctx) {
      const posted = ctx.sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'messages'`.toArray()[0]?.seq ?? 0;
      return { posted, connections: ctx.connections().length };
    },
  },
});
