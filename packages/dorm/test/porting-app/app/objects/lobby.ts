import { defineDurableObject, event } from "dorm";

// dorm's protocol with the after-accept hook: the newcomer gets the history, the others a
// "joined" event, once its socket exists.
export default defineDurableObject({
  init: () => ({ said: [] as string[] }),
  connect(request) {
    const name = new URL(request.url).searchParams.get("name");
    return { data: { name: name ?? "anon" }, presence: { name } };
  },
  async accepted(ctx, conn) {
    if (conn.data.name === "crash") throw new Error("accepted failed on purpose");
    conn.send("history", ctx.state.said);
    ctx.broadcast("joined", { name: conn.data.name }, { except: conn });
  },
  messages: {
    say: {
      handler(ctx, _payload, conn) {
        void ctx.setState((s) => ({ said: [...s.said, conn.data.name] }));
      },
    },
  },
  events: { history: event<string[]>(), joined: event<{ name: string }>() },
});
