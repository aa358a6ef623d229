import { durableObjects } from "dorm";
import page from "../client/index.html";
import client from "../client/src/client.tsx?browser";

// partysocket connects to /parties/<party>/<room>; the page and its script are served from
// source (the page asks for /src/client.tsx, as under Vite: dorm bundles it, CSS included).
const ROOM = /^\/parties\/chat\/([\w-]{1,64})$/;

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/") return new Response(page, { headers: { "content-type": "text/html; charset=utf-8" } });
    if (url.pathname === "/src/client.tsx") return new Response(client, { headers: { "content-type": "text/javascript; charset=utf-8" } });
    const room = ROOM.exec(url.pathname);
    if (room) return durableObjects.chat.get(room[1]!).fetch(request);
    return new Response("Not Found", { status: 404 });
  },
};
