import { defineDurableObject } from "dorm";

// The partyserver Cursors server (before/partyserver.ts) on dorm. Its clients keep their JSON;
// partyserver's binding name is kept. onStart's field is memory; onConnect is connect (read the
// request, keep the name with the connection) plus accepted (tell the others); onMessage is
// receive; onClose is disconnect; this.broadcast(text, [conn.id]) is ctx.broadcastRaw(text, { except: conn }).
export default defineDurableObject({
  binding: "Cursors",
  realtime: { protocol: "raw" },
  memory: () => ({ moves: 0 }),

  connect(request) {
    return { data: { name: new URL(request.url).searchParams.get("name") ?? "anon" } };
  },

  accepted(ctx, conn) {
    ctx.broadcastRaw(JSON.stringify({ type: "joined", id: conn.id, name: conn.data.name }), { except: conn });
  },

  receive(ctx, conn, message) {
    ctx.memory.moves++;
    const cursor = JSON.parse(String(message)) as { x: number; y: number };
    ctx.broadcastRaw(JSON.stringify({ type: "moved", id: conn.id, cursor }), { except: conn });
  },

  disconnect(ctx, conn) {
    ctx.broadcastRaw(JSON.stringify({ type: "left", id: conn.id }));
  },
});
