import { defineDurableObject, event, reject } from "dorm";
import * as v from "valibot";

/** One message of the room, as stored and sent. */
export interface Message {
  id: number;
  from: string;
  text: string;
}

export interface RoomState {
  messages: Message[];
  topic: string | null;
}

/** A chat room: RPC methods for the worker, WebSocket messages and events for browsers. */
export default defineDurableObject({
  init: (): RoomState => ({ messages: [], topic: null }),

  connect(request) {
    const name = new URL(request.url).searchParams.get("name");
    if (!name) return reject(401, "name required");
    return { data: { name }, presence: { name } };
  },

  messages: {
    say: {
      schema: v.object({ text: v.pipe(v.string(), v.minLength(1)) }),
      async handler(ctx, { text }, conn) {
        const message: Message = { id: ctx.state.messages.length + 1, from: conn.data.name, text };
        await ctx.setState((s) => ({ ...s, messages: [...s.messages, message] }));
        ctx.broadcast("message", message);
        return message;
      },
    },
    history: {
      handler: (ctx) => ctx.state.messages,
    },
  },

  events: {
    message: event<Message>(),
    topic: event<{ topic: string | null }>(),
    cleared: event<void>(),
  },

  methods: {
    /** Post a message from the server side; returns its id. */
    async post(ctx, text: string, from: string) {
      const message: Message = { id: ctx.state.messages.length + 1, from, text };
      await ctx.setState((s) => ({ ...s, messages: [...s.messages, message] }));
      ctx.broadcast("message", message);
      return message.id;
    },
    messages(ctx) {
      return ctx.state.messages;
    },
    setTopic(ctx, topic: string | null) {
      ctx.setState((s) => ({ ...s, topic }));
      ctx.broadcast("topic", { topic });
    },
    /** Whatever a JSON.parse gives is `any`: callers get `unknown`. */
    parsed(_ctx, json: string) {
      return JSON.parse(json);
    },
  },
});
