// The hand-written equivalent of ../raw-ws: the same object and the same worker, without dorm.
import { DurableObject } from "cloudflare:workers";

interface Env {
  ECHO: DurableObjectNamespace<Echo>;
}

export class Echo extends DurableObject<Env> {
  override fetch(request: Request): Response {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(_ws: WebSocket, message: string | ArrayBuffer): void {
    for (const socket of this.ctx.getWebSockets()) socket.send(message);
  }
}

// /room/<name>: that room's echo object.
export default {
  fetch(request: Request, env: Env): Promise<Response> {
    const [, , name = "lobby"] = new URL(request.url).pathname.split("/");
    return env.ECHO.getByName(name).fetch(request);
  },
} satisfies ExportedHandler<Env>;
