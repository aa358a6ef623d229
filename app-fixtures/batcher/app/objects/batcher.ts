import { defineDurableObject } from "dorm";
import { batchMs, MAX_BATCH, MAX_BODY_BYTES, UPSTREAM_TIMEOUT_MS } from "../limits.js";
import { readBody } from "../read-body.js";

// Cloudflare's "Use the Alarms API" example (the Batcher), on dorm. Each request's body is stored
// under the next number; the first request of a batch sets an alarm 10 s on, and the alarm posts
// the batch upstream, then deletes it. The count lives in memory, rebuilt on every start from the
// stored keys, as the original's constructor does.
//
// What changed from the original, and why (only producers with the key get here: ../worker.ts):
// - A body is at most MAX_BODY_BYTES (413) and a batch at most MAX_BATCH requests (429): the
//   original stored whatever anyone sent, as much as they sent.
// - Keys have one width ("0000000000000010"), so that storage's text order is their order; the
//   original's keys ("10" before "9") sent a batch of ten or more out of order.
// - A failed upstream keeps the batch: the alarm throws and dorm runs it again. The original
//   deleted the batch whatever the upstream answered.
// - Requests that arrive while the batch is on its way stay queued. The original's deleteAll()
//   after the upstream call deleted them too; here deleteAll() runs only when nothing came in.

/** Numbers as keys of one width, so that storage's text order is their order. */
const key = (n: number) => String(n).padStart(16, "0");
const fail = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  Response.json({ error: { code, message } }, { status, headers });

export default defineDurableObject({
  /** Keys sent + 1 … count are queued: the batch the next alarm sends. */
  memory: () => ({ count: 0, sent: 0 }),

  async activate(ctx) {
    const [first] = (await ctx.storage.list({ limit: 1 })).keys();
    const [last] = (await ctx.storage.list({ reverse: true, limit: 1 })).keys();
    ctx.memory.count = last === undefined ? 0 : Number(last);
    ctx.memory.sent = first === undefined ? 0 : Number(first) - 1;
  },

  async fetch(request, ctx) {
    if (request.method !== "POST") return fail(405, "METHOD", "POST a body to queue it.", { allow: "POST" });
    const body = await readBody(request, MAX_BODY_BYTES);
    if (body === null) return fail(413, "TOO_LARGE", `A body is at most ${MAX_BODY_BYTES} bytes; nothing was queued.`);

    // If there is no alarm currently set, set one for 10 seconds from now.
    // Any further POSTs in the next 10 seconds will be part of this batch.
    // (Before the batch check: a full batch whose alarm gave up after its retries gets a new one.)
    let alarm = await ctx.getAlarm();
    if (alarm === null) await ctx.setAlarm((alarm = Date.now() + batchMs(ctx.env)));
    if (ctx.memory.count - ctx.memory.sent >= MAX_BATCH) {
      const retryAfter = String(Math.max(1, Math.ceil((alarm - Date.now()) / 1000)));
      return fail(429, "BATCH_FULL", `This batch is full (${MAX_BATCH} requests); try again once it is sent.`, { "retry-after": retryAfter });
    }

    // Add the request to the batch.
    const n = ++ctx.memory.count;
    await ctx.storage.put(key(n), body);
    return Response.json({ queued: n - ctx.memory.sent });
  },

  async alarm(ctx) {
    const vals = await ctx.storage.list<string>();
    if (vals.size === 0) return;
    const response = await fetch("http://example.com/some-upstream-service", {
      method: "POST",
      // What the original's array body becomes on the wire: its values joined by commas.
      body: Array.from(vals.values()).join(","),
      // An upstream that never answers must not hold the batch forever: this attempt fails.
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    });
    // Not delivered: the batch stays, and dorm runs the alarm again (with backoff) because it throws.
    if (!response.ok) throw new Error(`the upstream service answered ${response.status}; the batch stays queued`);

    const sent = [...vals.keys()];
    if (ctx.memory.count === Number(sent.at(-1))) {
      // Nothing came in while the batch was on its way: start over, as the original does.
      await ctx.storage.deleteAll();
      ctx.memory.count = ctx.memory.sent = 0;
      return;
    }
    // Requests that came in meanwhile are stored after the batch: delete what was sent, not
    // everything (128 keys per call is storage's limit), and give the newcomers their alarm, since
    // they found this one still set.
    for (let i = 0; i < sent.length; i += 128) await ctx.storage.delete(sent.slice(i, i + 128));
    ctx.memory.sent = Number(sent.at(-1));
    await ctx.setAlarm(Date.now() + batchMs(ctx.env));
  },
});
