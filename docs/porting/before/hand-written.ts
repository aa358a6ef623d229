import { DurableObject } from "cloudflare:workers";

// A hand-written Durable Object: a visit count loaded in the constructor, a field that is never
// stored, and a feed of updates over hibernatable WebSockets.
export class Visits extends DurableObject {
  private count = 0;
  private lastVisitor: string | null = null;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      this.count = (await ctx.storage.get<number>("count")) ?? 0;
    });
  }

  async visit(who: string): Promise<number> {
    this.count++;
    this.lastVisitor = who;
    await this.ctx.storage.put("count", this.count);
    const update = JSON.stringify({ count: this.count, who });
    for (const ws of this.ctx.getWebSockets()) ws.send(update);
    return this.count;
  }

  async fetch(): Promise<Response> {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    pair[1].send(JSON.stringify({ count: this.count, who: this.lastVisitor }));
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
}
