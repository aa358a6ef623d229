// One shard of the chat: a Durable Object that hosts every room whose name hashes to it
// (the worker routes with durableObjects.room.shard(room, { shards })). Each WebSocket is tagged
// with its room, so a chat message reaches its room only, and an announcement reaches everyone
// connected to this shard. The worker federates announcements over all shards.
import { defineDurableObject, type ObjectContext } from "dorm";
import { HISTORY, MAX_TEXT, ROOM_NAME, SHARD_MODES, type ChatMessage, type ClientFrame, type ServerFrame, type ShardMode } from "./_protocol.js";

export interface ShardState {
  mode: ShardMode;
}

interface Attachment {
  room: string;
  user: string;
}

const historyKey = (room: string) => `history:${room}`;
const roomTag = (room: string) => `room:${room}`;
const send = (ws: WebSocket, frame: ServerFrame) => ws.send(JSON.stringify(frame));

async function readHistory(ctx: ObjectContext<ShardState>, room: string): Promise<ChatMessage[]> {
  return (await ctx.storage.get<ChatMessage[]>(historyKey(room))) ?? [];
}

/** Stores the message in its room's history and sends it to the room's sockets. */
async function postMessage(ctx: ObjectContext<ShardState>, room: string, from: string, text: string): Promise<ChatMessage> {
  if (!ROOM_NAME.test(room)) throw new Error(`bad room name ${JSON.stringify(room)}`);
  if (typeof text !== "string" || text.length === 0 || text.length > MAX_TEXT) {
    throw new Error(`a message is 1 to ${MAX_TEXT} characters of text`);
  }
  const message: ChatMessage = { room, from: String(from).slice(0, 64), text, at: Date.now() };
  const kept = [...(await readHistory(ctx, room)), message].slice(-HISTORY);
  await ctx.storage.put(historyKey(room), kept);
  for (const ws of ctx.getWebSockets(roomTag(room))) send(ws, { type: "message", ...message });
  return message;
}

export default defineDurableObject({
  init: (): ShardState => ({ mode: "ok" }),

  methods: {
    /** Sends an announcement to every client of this shard; says how many sockets it reached. */
    async announce(ctx, id: string, text: string) {
      if (ctx.state.mode === "fail") throw new Error(`shard ${ctx.name} is failing (mode "fail" was set for this drill)`);
      if (ctx.state.mode === "slow") await new Promise((resolve) => setTimeout(resolve, 10_000));
      let sent = 0;
      for (const ws of ctx.getWebSockets()) {
        try {
          send(ws, { type: "announcement", id, text });
          sent++;
        } catch {
          // A socket closing right now: it will not get this one.
        }
      }
      return { shard: ctx.name, sent };
    },

    post(ctx, room: string, from: string, text: string) {
      return postMessage(ctx, room, from, text);
    },

    history(ctx, room: string) {
      return readHistory(ctx, room);
    },

    /** Who is where on this shard. */
    info(ctx) {
      const rooms: Record<string, number> = {};
      for (const ws of ctx.getWebSockets()) {
        const { room } = ws.deserializeAttachment() as Attachment;
        rooms[room] = (rooms[room] ?? 0) + 1;
      }
      return { shard: ctx.name, mode: ctx.state.mode, connections: ctx.getWebSockets().length, rooms };
    },

    /** Fault injection, for tests and failure drills. */
    setMode(ctx, mode: ShardMode) {
      if (!SHARD_MODES.includes(mode)) throw new Error(`mode is one of ${SHARD_MODES.join(", ")}`);
      ctx.setState({ mode });
      return mode;
    },

    // Resharding (the worker's POST /admin/reshard runs dorm's reshard() with these).

    /** Rooms that have state on this shard. */
    async rooms(ctx) {
      const stored = await ctx.storage.list({ prefix: "history:" });
      return [...stored.keys()].map((key) => key.slice("history:".length));
    },

    async exportRooms(ctx, rooms: string[]) {
      const stored = await ctx.storage.get<ChatMessage[]>(rooms.map(historyKey));
      return rooms.flatMap((room) => {
        const messages = stored.get(historyKey(room));
        return messages ? [{ room, messages }] : [];
      });
    },

    /** Idempotent: importing the same rooms twice leaves the same state. */
    async importRooms(ctx, rooms: { room: string; messages: ChatMessage[] }[]) {
      await ctx.storage.put(Object.fromEntries(rooms.map(({ room, messages }) => [historyKey(room), messages])));
      return rooms.length;
    },

    async dropRooms(ctx, rooms: string[]) {
      return ctx.storage.delete(rooms.map(historyKey));
    },
  },

  // GET /rooms/<room>/ws?user=<name>, forwarded by the worker to this room's shard.
  async fetch(request, ctx) {
    const url = new URL(request.url);
    const match = /^\/rooms\/([^/]+)\/ws$/.exec(url.pathname);
    const room = match ? decodeURIComponent(match[1]!) : "";
    if (!ROOM_NAME.test(room)) return Response.json({ error: { code: "BAD_ROOM", message: `no room in ${url.pathname}` } }, { status: 400 });
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return Response.json({ error: { code: "UPGRADE", message: "connect with a WebSocket" } }, { status: 426 });
    }
    const user = (url.searchParams.get("user") ?? "anon").slice(0, 64);
    const pair = new WebSocketPair();
    const server = pair[1];
    ctx.acceptWebSocket(server, [roomTag(room)]);
    server.serializeAttachment({ room, user } satisfies Attachment);
    send(server, { type: "welcome", room, shard: ctx.name, history: await readHistory(ctx, room) });
    return new Response(null, { status: 101, webSocket: pair[0] });
  },

  async webSocketMessage(ws, message, ctx) {
    const { room, user } = ws.deserializeAttachment() as Attachment;
    let frame: ClientFrame;
    try {
      frame = JSON.parse(typeof message === "string" ? message : new TextDecoder().decode(message)) as ClientFrame;
    } catch {
      return send(ws, { type: "error", message: "frames are JSON: {\"type\":\"say\",\"text\":\"...\"}" });
    }
    if (frame?.type !== "say") return send(ws, { type: "error", message: `unknown frame type ${JSON.stringify(frame?.type)}` });
    try {
      await postMessage(ctx, room, user, frame.text);
    } catch (error) {
      send(ws, { type: "error", message: (error as Error).message });
    }
  },

  webSocketClose(ws, code) {
    // Finish the closing handshake the client started (1005/1006 cannot be sent back).
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "bye");
    } catch {
      // Already closed.
    }
  },
});
