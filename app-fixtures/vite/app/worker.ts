import { durableObjects } from "dorm";

const json = (body: unknown, status = 200) => Response.json(body, { status });

/**
 *   GET  /guestbook/:book            → the entries, newest first
 *   POST /guestbook/:book {name, message} → { count }
 */
export default {
  async fetch(request: Request): Promise<Response> {
    const match = /^\/guestbook\/([^/]+)$/.exec(new URL(request.url).pathname);
    if (!match) return json({ error: { code: "NOT_FOUND", message: "use /guestbook/<book>" } }, 404);
    const book = durableObjects.guestbook.get(decodeURIComponent(match[1]!));
    if (request.method === "GET") return json(await book.entries());
    if (request.method !== "POST") return json({ error: { code: "METHOD", message: "use GET or POST" } }, 405);
    const input = (await request.json().catch(() => null)) as { name?: unknown; message?: unknown } | null;
    try {
      return json({ count: await book.sign(input?.name as string, input?.message as string) });
    } catch (error) {
      const { name, message } = error as Error;
      if (name === "TypeError") return json({ error: { code: "BAD_INPUT", message } }, 400);
      throw error;
    }
  },
};
