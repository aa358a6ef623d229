import { defineDurableObject, event } from "dorm";

export interface RoomState {
  messages: { from: string; text: string }[];
}

export default defineDurableObject({
  init: (): RoomState => ({ messages: [] }), // the state's type: what init returns
  events: { message: event<{ from: string; text: string }>() },
  methods: {
    post(ctx, from: string, text: string) {
      // give each parameter after ctx a type
      ctx.setState((s) => ({ messages: [...s.messages, { from, text }] }));
      ctx.broadcast("message", { from, text });
      return ctx.state.messages.length;
    },
  },
});
