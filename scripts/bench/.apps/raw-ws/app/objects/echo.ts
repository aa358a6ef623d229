import { defineDurableObject } from "dorm";

// A hibernating echo room on the platform's own WebSocket API: accept every upgrade, send each
// message to every socket. The same work as ../../raw-ws-hand/worker.ts.
export default defineDurableObject({
  fetch(request, ctx) {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const { 0: client, 1: server } = new WebSocketPair();
    ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  },

  webSocketMessage(_ws, message, ctx) {
    for (const socket of ctx.getWebSockets()) socket.send(message);
  },
});
