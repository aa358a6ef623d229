import { durableObjects, federate, getShardedStub, shardName } from "dorm";

const SHARDS = 10;

export default {
  async fetch(request: Request, env: Cloudflare.Env): Promise<Response> {
    const url = new URL(request.url);

    // #region ws
    // Seed 001: a room's WebSocket goes to the shard that owns it. ws-kit's
    // getShardedStub(env, key, 10) takes the namespace itself here: env.ROUTER.
    if (url.pathname === "/ws") {
      const roomId = url.searchParams.get("room") ?? "general";
      return getShardedStub(env.ROUTER, `room:${roomId}`, SHARDS).fetch(request);
    }
    // #endregion

    // #region announce
    // Seed 000: an announcement to every shard, in ws-kit's order. A shard that fails makes the
    // await throw (a FederateError naming it), so nothing is passed over in silence.
    if (url.pathname === "/announce" && request.method === "POST") {
      if (request.headers.get("authorization") !== `Bearer ${env.ANNOUNCE_TOKEN}`) return new Response("Unauthorized", { status: 401 });
      const text = await request.text();
      const shards = Array.from({ length: SHARDS }, (_, i) => shardName(i));
      await federate(env.ROUTER, shards, async (room) => {
        await room.fetch(new Request("https://internal/announce", { method: "POST", body: JSON.stringify({ text }) }));
      });
      return new Response(null, { status: 204 });
    }
    // #endregion

    // #region counter
    // Seed 003: the counter, typed end to end.
    if (url.pathname.startsWith("/counter/")) {
      const counter = durableObjects.counter.get(url.pathname.slice("/counter/".length));
      return Response.json({ count: request.method === "POST" ? await counter.increment(5) : await counter.getCount() });
    }
    // #endregion

    // The hand-written class's routes: a visit over RPC, the feed over a WebSocket.
    if (url.pathname === "/visits/feed") return durableObjects.visits.get("home").fetch(request);
    if (url.pathname === "/visits" && request.method === "POST") {
      return Response.json({ count: await durableObjects.visits.get("home").visit(url.searchParams.get("who") ?? "someone") });
    }

    // partyserver's URLs (what partysocket connects to): /parties/cursors/<room>.
    const party = /^\/parties\/cursors\/([\w-]{1,64})$/.exec(url.pathname);
    if (party) return durableObjects.cursors.get(party[1]!).fetch(request);
    return new Response("Not found", { status: 404 });
  },
};
