import { defineDurableObject, event, MessageError, reject } from "dorm";
import * as v from "valibot";

// The realtime runtime in workerd: connect (accept/reject), typed messages, replies, error
// frames, connection data, presence, topics, broadcast/publish. Every handler is small so the
// test can see exactly what reached it.

interface LobbyState {
  /** Every post that reached the handler, in order. */
  posts: { from: string; text: string }[];
  disconnects: string[];
}

/**
 * The object instance's identity, keyed by its ctx (one per instance): a new one means the
 * object was evicted and constructed again. Module state would not do: the isolate outlives it.
 */
const instances = new WeakMap<object, string>();
function instanceOf(ctx: object): string {
  let id = instances.get(ctx);
  if (!id) instances.set(ctx, (id = crypto.randomUUID()));
  return id;
}

export default defineDurableObject({
  init: (): LobbyState => ({ posts: [], disconnects: [] }),

  connect(request, ctx) {
    const url = new URL(request.url);
    const token = url.searchParams.get("token");
    if (!token) return reject(401, "token required");
    if (token === "banned") return reject(403);
    if (token === "busy") return reject(429, "try later");
    if (token === "throws") throw new Error("connect blew up");
    const name = url.searchParams.get("name") ?? "anon";
    const topics = url.searchParams.getAll("topic");
    return { data: { name, token, joins: ctx.connections().length }, presence: { name }, topics };
  },

  messages: {
    post: {
      schema: v.object({ text: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) }),
      async handler(ctx, payload, conn) {
        await ctx.setState((s) => ({ ...s, posts: [...s.posts, { from: conn.data.name, text: payload.text }] }));
        ctx.broadcast("posted", { from: conn.data.name, text: payload.text }, { except: conn });
        return { count: ctx.state.posts.length };
      },
    },
    whoami: {
      handler(ctx, _payload, conn) {
        return { id: conn.id, data: conn.data, presence: conn.presence, topics: conn.topics, instance: instanceOf(ctx), name: ctx.name };
      },
    },
    rename: {
      schema: v.object({ name: v.string() }),
      handler(_ctx, { name }, conn) {
        conn.setData((d) => ({ ...d, name }));
        conn.setPresence({ name });
        return conn.data;
      },
    },
    grow: {
      schema: v.object({ bytes: v.number() }),
      handler(_ctx, { bytes }, conn) {
        try {
          conn.setData((d) => ({ ...d, blob: "x".repeat(bytes) }));
          return { ok: true };
        } catch (error) {
          return { ok: false, error: (error as Error).message, nameStill: conn.data.name };
        }
      },
    },
    shout: {
      schema: v.object({ topic: v.string(), text: v.string() }),
      handler(ctx, { topic, text }, conn) {
        return { sent: ctx.publish(topic, "shouted", { text, from: conn.data.name }, { except: conn.id }) };
      },
    },
    join: {
      schema: v.object({ topic: v.string() }),
      handler(_ctx, { topic }, conn) {
        conn.subscribe(topic);
        return conn.topics;
      },
    },
    refuse: {
      handler() {
        throw new MessageError("ROOM_CLOSED", "this room takes no messages");
      },
    },
    boom: {
      handler() {
        throw new Error("secret internals");
      },
    },
    kickMe: {
      schema: v.object({ code: v.number() }),
      handler(_ctx, { code }, conn) {
        conn.close(code, "kicked");
      },
    },
    stats: {
      handler(ctx) {
        return { posts: ctx.state.posts.length, connections: ctx.connections().length, presence: ctx.presence(), disconnects: ctx.state.disconnects, instance: instanceOf(ctx) };
      },
    },
  },

  events: {
    posted: event<{ from: string; text: string }>(),
    shouted: event<{ from: string; text: string }>(),
  },

  subscribe(_ctx, topic) {
    return topic.startsWith("public:");
  },

  async disconnect(ctx, conn, info) {
    await ctx.setState((s) => ({ ...s, disconnects: [...s.disconnects, `${conn.data.name}:${info.code}`] }));
  },

  realtime: { maxMessageBytes: 2048, rateLimit: { burst: 5000, perSecond: 5000 } },

  methods: {
    /** RPC only: no frame can reach it. */
    secret(ctx) {
      return ctx.state.posts.length;
    },
    snapshot(ctx) {
      return { posts: ctx.state.posts, disconnects: ctx.state.disconnects, instance: instanceOf(ctx) };
    },
    announce(ctx, text: string) {
      return ctx.broadcast("posted", { from: "server", text });
    },
  },
});
