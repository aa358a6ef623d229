import { durableObjects } from "dorm";
import { page } from "./page.js";

const json = (body: unknown, status = 200) => Response.json(body, { status });

/** `?by=` as a safe integer, 1 when absent; null when it is not one. */
function amount(url: URL): number | null {
  const raw = url.searchParams.get("by");
  if (raw === null) return 1;
  const by = Number(raw);
  return Number.isSafeInteger(by) ? by : null;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/" && request.method === "GET") {
      return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    const match = /^\/counter\/([^/]+)(?:\/(increment|decrement|reset|reset-every))?$/.exec(url.pathname);
    if (!match) return json({ error: { code: "NOT_FOUND", message: `no route for ${url.pathname}` } }, 404);
    let name: string;
    try {
      name = decodeURIComponent(match[1]!);
    } catch {
      return json({ error: { code: "BAD_NAME", message: "the counter's name is not valid percent-encoding" } }, 400);
    }
    const action = match[2];
    const counter = durableObjects.counter.get(name);

    if (!action) {
      if (request.method !== "GET") return json({ error: { code: "METHOD", message: "use GET" } }, 405);
      return json({ name, value: await counter.get() });
    }
    if (request.method !== "POST") return json({ error: { code: "METHOD", message: `use POST for ${action}` } }, 405);
    if (action === "reset") return json({ name, value: await counter.reset() });
    if (action === "reset-every") {
      const ms = Number(url.searchParams.get("ms"));
      if (!Number.isSafeInteger(ms) || ms < 0) return json({ error: { code: "BAD_INTERVAL", message: "?ms= is the interval in milliseconds (0 stops the resets)" } }, 400);
      return json({ name, resetEveryMs: await counter.resetEvery(ms) });
    }
    const by = amount(url);
    if (by === null) {
      return json({ error: { code: "BAD_AMOUNT", message: `?by= must be an integer, got "${url.searchParams.get("by")}"` } }, 400);
    }
    try {
      const value = action === "increment" ? await counter.increment(by) : await counter.decrement(by);
      return json({ name, value });
    } catch (error) {
      // RPC keeps an error's name and message: the counter's refusal to overflow is the caller's mistake.
      if ((error as Error).name === "RangeError") return json({ error: { code: "OUT_OF_RANGE", message: (error as Error).message } }, 422);
      throw error;
    }
  },
};
