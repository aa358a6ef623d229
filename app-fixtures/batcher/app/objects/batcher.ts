import { defineDurableObject } from "dorm";

// Cloudflare's "Use the Alarms API" example (the Batcher), on dorm. Each request's body is stored
// under the next number; the first request of a batch sets an alarm 10 s on, and the alarm posts
// the batch upstream, then deletes everything. The count lives in memory, rebuilt on every start
// from the last stored key, as the original's constructor does.
export default defineDurableObject({
  memory: () => ({ count: 0 }),

  async activate(ctx) {
    const vals = await ctx.storage.list({ reverse: true, limit: 1 });
    ctx.memory.count = vals.size === 0 ? 0 : parseInt([...vals.keys()][0]!);
  },

  async fetch(request, ctx) {
    ctx.memory.count++;

    // If there is no alarm currently set, set one for 10 seconds from now.
    // Any further POSTs in the next 10 seconds will be part of this batch.
    if ((await ctx.getAlarm()) === null) await ctx.setAlarm(Date.now() + 1000 * 10);

    // Add the request to the batch (the key is the count's text, as workerd makes it of a number).
    await ctx.storage.put(String(ctx.memory.count), await request.text());
    return new Response(JSON.stringify({ queued: ctx.memory.count }), {
      headers: { "content-type": "application/json;charset=UTF-8" },
    });
  },

  async alarm(ctx) {
    const vals = await ctx.storage.list<string>();
    await fetch("http://example.com/some-upstream-service", {
      method: "POST",
      // What the original's array body becomes on the wire: its values joined by commas.
      body: Array.from(vals.values()).join(","),
    });
    await ctx.storage.deleteAll();
    ctx.memory.count = 0;
  },
});
