import { describe, expect, it } from "vitest";
import { BuildError } from "./errors.js";
import { objectNames } from "./names.js";

describe("objectNames", () => {
  it.each([
    ["app/objects/counter.ts", { route: "counter", accessor: "counter", binding: "COUNTER", className: "Counter" }],
    ["app/objects/chat-room.ts", { route: "chat-room", accessor: "chatRoom", binding: "CHAT_ROOM", className: "ChatRoom" }],
    ["app/objects/chat_room.ts", { route: "chat_room", accessor: "chatRoom", binding: "CHAT_ROOM", className: "ChatRoom" }],
    ["app/objects/rateLimiter.ts", { route: "rateLimiter", accessor: "rateLimiter", binding: "RATE_LIMITER", className: "RateLimiter" }],
    ["app/objects/ChatRoom.ts", { route: "ChatRoom", accessor: "chatRoom", binding: "CHAT_ROOM", className: "ChatRoom" }],
    ["app/objects/game-v2.ts", { route: "game-v2", accessor: "gameV2", binding: "GAME_V2", className: "GameV2" }],
    ["app/objects/HTTPCache.ts", { route: "HTTPCache", accessor: "httpCache", binding: "HTTP_CACHE", className: "HttpCache" }],
  ])("%s", (file, expected) => {
    expect(objectNames(file)).toEqual(expected);
  });

  it.each([
    ["app/objects/Chat Room.ts", "chat-room.ts"],
    ["app/objects/1room.ts", "room.ts"],
    ["app/objects/chat--room.ts", "chat-room.ts"],
    ["app/objects/room-.ts", "room.ts"],
    ["app/objects/café.ts", "caf.ts"],
  ])("rejects %s and suggests %s", (file, suggestion) => {
    let error: unknown;
    try {
      objectNames(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BuildError);
    const e = error as BuildError;
    expect(e.code).toBe("DORM_BAD_FILE_NAME");
    expect(e.location?.file).toBe(file);
    expect(e.fix).toContain(suggestion);
  });
});
