import { routePartykitRequest, Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";

// A partyserver room of cursors: a name per connection, each move to the others.
export class Cursors extends Server {
  static options = { hibernate: true };
  private moves = 0;

  onStart() {
    this.moves = 0;
  }

  onConnect(conn: Connection<{ name: string }>, ctx: ConnectionContext) {
    const name = new URL(ctx.request.url).searchParams.get("name") ?? "anon";
    conn.setState({ name });
    this.broadcast(JSON.stringify({ type: "joined", id: conn.id, name }), [conn.id]);
  }

  onMessage(conn: Connection, message: WSMessage) {
    this.moves++;
    const cursor = JSON.parse(String(message)) as { x: number; y: number };
    this.broadcast(JSON.stringify({ type: "moved", id: conn.id, cursor }), [conn.id]);
  }

  onClose(conn: Connection) {
    this.broadcast(JSON.stringify({ type: "left", id: conn.id }));
  }
}

export default {
  async fetch(request: Request, env: Record<string, unknown>): Promise<Response> {
    return (await routePartykitRequest(request, env)) ?? new Response("Not Found", { status: 404 });
  },
};
