import { defineDurableObject } from "dorm";

// Raw frames with dorm's limits; refused frames answered in the app's own format.
export default defineDurableObject({
  realtime: { protocol: "raw", maxMessageBytes: 32, rateLimit: { burst: 3, perSecond: 0.001 } },
  connect: (request) => ({ data: { name: new URL(request.url).searchParams.get("name") ?? "anon", frames: 0 }, topics: ["all"] }),
  receive(ctx, conn, message) {
    conn.setData((d) => ({ ...d, frames: d.frames + 1 }));
    if (message === "misuse") {
      const tries: string[] = [];
      // dorm-protocol sends on a raw connection: type errors too (no events are declared), made
      // anyway, as JavaScript could, for the runtime's answer.
      for (const attempt of [() => ctx.broadcast("x" as never), () => conn.send("x" as never), () => ctx.publish("all", "x" as never)]) {
        try {
          attempt();
        } catch (error) {
          tries.push((error as Error).message);
        }
      }
      return conn.sendRaw(JSON.stringify(tries));
    }
    if (message === "stats") return conn.sendRaw(JSON.stringify({ id: conn.id, data: conn.data, connections: ctx.connections().length }));
    if (typeof message !== "string") return conn.sendRaw(new Uint8Array(message).reverse());
    ctx.publishRaw("all", `${conn.data.name}: ${message}`, { except: conn });
  },
  refused(ctx, conn, refusal) {
    conn.sendRaw(JSON.stringify({ error: refusal.code, retryAfterMs: refusal.retryAfterMs ?? null }));
  },
});
