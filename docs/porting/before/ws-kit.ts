import { federate } from "@ws-kit/cloudflare";
import { getShardedStub } from "@ws-kit/cloudflare/sharding";

// A ws-kit worker: a room's WebSocket to its shard, an announcement to every shard.
interface Env {
  ROUTER: DurableObjectNamespace;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/ws") {
      const roomId = url.searchParams.get("room") ?? "general";
      return getShardedStub(env, `room:${roomId}`, 10).fetch(request);
    }
    if (url.pathname === "/announce" && request.method === "POST") {
      const text = await request.text();
      const shards = Array.from({ length: 10 }, (_, i) => `ws-router-${i}`);
      // Settles every call: a shard that failed is one of the results, which nobody reads here.
      await federate(env.ROUTER, shards, async (shard) => {
        await shard.fetch(new Request("https://internal/announce", { method: "POST", body: JSON.stringify({ text }) }));
      });
      return new Response(null, { status: 204 });
    }
    return new Response("Not found", { status: 404 });
  },
};
