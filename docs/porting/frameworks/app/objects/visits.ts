import { defineDurableObject } from "dorm";

// The hand-written Visits class (before/hand-written.ts) on dorm. The count it loaded in its
// constructor is the state (loaded before any event, written by setState); the field that was
// never stored is memory; the feed's sockets are connections, and the first frame goes out once
// the socket exists.
const update = (count: number, who: string | null) => JSON.stringify({ count, who });

export default defineDurableObject({
  init: () => ({ count: 0 }),
  memory: () => ({ lastVisitor: null as string | null }),
  realtime: { protocol: "raw" },

  accepted(ctx, conn) {
    conn.sendRaw(update(ctx.state.count, ctx.memory.lastVisitor));
  },

  methods: {
    visit(ctx, who: string) {
      void ctx.setState({ count: ctx.state.count + 1 });
      ctx.memory.lastVisitor = who;
      ctx.broadcastRaw(update(ctx.state.count, who));
      return ctx.state.count;
    },
  },
});
