import { defineDurableObject } from "dorm";

// WebSockets through routeObjectRequest (the default worker): tags, broadcast, close.
export default defineDurableObject({
  init: () => ({ joined: 0 }),
  fetch(request, ctx) {
    const url = new URL(request.url);
    if (request.headers.get("Upgrade") !== "websocket") {
      return Response.json({ name: ctx.name, path: url.pathname, query: url.search });
    }
    const pair = new WebSocketPair();
    const user = url.searchParams.get("user") ?? "anon";
    const tags = url.searchParams.get("tags")?.split(",") ?? [user];
    try {
      ctx.acceptWebSocket(pair[1], tags);
    } catch (error) {
      return Response.json({ error: (error as Error).message }, { status: 400 });
    }
    ctx.setState((s) => ({ joined: s.joined + 1 }));
    return new Response(null, { status: 101, webSocket: pair[0] });
  },
  webSocketMessage(ws, message, ctx) {
    const text = typeof message === "string" ? message : new TextDecoder().decode(message);
    const [target, body] = text.split(":", 2);
    const recipients = target === "*" ? ctx.getWebSockets() : ctx.getWebSockets(target);
    for (const peer of recipients) peer.send(`${ctx.name}>${body}`);
  },
  webSocketClose(ws, code, reason, wasClean, ctx) {
    for (const peer of ctx.getWebSockets()) if (peer !== ws) peer.send(`${ctx.name}>closed ${code}`);
  },
});
