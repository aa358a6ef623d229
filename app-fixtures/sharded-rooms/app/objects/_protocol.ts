// What the room shards and their clients say to each other, in one place for the object, the
// worker and the tests.

/** A chat message as stored in a room's history and sent to its clients. */
export interface ChatMessage {
  room: string;
  from: string;
  text: string;
  at: number;
}

/** Server → client frames. */
export type ServerFrame =
  | { type: "welcome"; room: string; shard: string; history: ChatMessage[] }
  | ({ type: "message" } & ChatMessage)
  | { type: "announcement"; id: string; text: string }
  | { type: "error"; message: string };

/** Client → server frames. */
export type ClientFrame = { type: "say"; text: string };

/** A shard's behaviour; anything but "ok" is fault injection for tests and drills. */
export type ShardMode = "ok" | "fail" | "slow";
export const SHARD_MODES: readonly ShardMode[] = ["ok", "fail", "slow"];

/** Room names: what fits a URL segment and a WebSocket tag. */
export const ROOM_NAME = /^[A-Za-z0-9_-]{1,64}$/;
export const MAX_TEXT = 2_000;
/** Messages kept per room. */
export const HISTORY = 50;

