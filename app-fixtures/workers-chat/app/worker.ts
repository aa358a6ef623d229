import { durableObjects } from "dorm";
import HTML from "./chat.html";

// The demo's worker: the page at /, rooms under /api/room. Errors are logged, and the client
// gets a generic message (the original sent stack traces, which a public app must not).
async function handleErrors(func: () => Promise<Response>): Promise<Response> {
  try {
    return await func();
  } catch (error) {
    console.error(error);
    return new Response("Internal error", { status: 500 });
  }
}

export default {
  fetch(request: Request): Promise<Response> {
    return handleErrors(async () => {
      const path = new URL(request.url).pathname.slice(1).split("/");
      if (!path[0]) return new Response(HTML, { headers: { "Content-Type": "text/html;charset=UTF-8" } });
      if (path[0] === "api") return handleApiRequest(path.slice(1), request);
      return new Response("Not found", { status: 404 });
    });
  },
};

async function handleApiRequest(path: string[], request: Request): Promise<Response> {
  if (path[0] !== "room") return new Response("Not found", { status: 404 });
  const rooms = durableObjects.chatRoom;
  if (!path[1]) {
    // POST /api/room: a private room, named by an unguessable id.
    if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
    return new Response(rooms.newUniqueId().toString(), { headers: { "Access-Control-Allow-Origin": "*" } });
  }
  // /api/room/<name>/websocket: 64 hex digits are a private room's id, anything else (up to 32
  // characters) a public room's name.
  const name = path[1];
  let room;
  if (/^[0-9a-f]{64}$/.test(name)) room = rooms.get(rooms.idFromString(name));
  else if (name.length <= 32) room = rooms.get(name);
  else return new Response("Name too long", { status: 404 });
  if (path[2] !== "websocket") return new Response("Not found", { status: 404 });
  if (request.headers.get("Upgrade") !== "websocket") return new Response("expected websocket", { status: 400 });
  return room.fetch(request);
}
