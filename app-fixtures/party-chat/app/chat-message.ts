import type { ChatMessage } from "../client/src/types.js";

// What one chat frame may hold. The original server relayed any frame to everyone, any size;
// here the room passes on only what the client renders, within these limits.

/** Characters of a message's text. */
export const MAX_CONTENT = 1_000;
/** Characters of a sender's name (the client picks one of fifteen, the longest 7). */
export const MAX_SENDER = 32;
/** Characters of a message's id (the client's nanoid has 21). */
export const MAX_ID = 64;
/** Bytes of one frame: room for the largest valid message; a larger one closes the socket (1009). */
export const MAX_FRAME_BYTES = 8 * 1024;
/** Frames per connection: a burst of 10, then 2 a second; a faster client is disconnected (1008). */
export const RATE_LIMIT = { burst: 10, perSecond: 2 };

const text = (value: unknown, max: number): value is string => typeof value === "string" && value.length >= 1 && value.length <= max;

/** Whether a frame is a chat message as the client sends it (client/src/types.ts), and nothing more. */
export function isChatMessage(frame: string | ArrayBuffer): boolean {
  if (typeof frame !== "string") return false;
  let value: unknown;
  try {
    value = JSON.parse(frame);
  } catch {
    return false;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const message = value as Partial<Record<keyof ChatMessage, unknown>>;
  return (
    Object.keys(message).length === 4 &&
    message.type === "chat-message" &&
    text(message.id, MAX_ID) &&
    text(message.content, MAX_CONTENT) &&
    text(message.sender, MAX_SENDER)
  );
}
