import { DormError } from "../errors.js";
import { MAX_TAG_LENGTH, MAX_TAGS_PER_SOCKET } from "../limits.js";
import type { Feature } from "./features.js";

/** Checks the platform's tag limits before accepting, so local runs fail like production would. */
export function checkTags(tags: readonly unknown[]): asserts tags is string[] {
  if (tags.length > MAX_TAGS_PER_SOCKET) {
    throw new DormError(
      "DORM_TOO_MANY_TAGS",
      `acceptWebSocket: at most ${MAX_TAGS_PER_SOCKET} tags per WebSocket, got ${tags.length}; keep per-socket details in ws.serializeAttachment instead.`,
    );
  }
  for (const tag of tags) {
    if (typeof tag !== "string" || tag.length === 0 || tag.length > MAX_TAG_LENGTH) {
      throw new DormError(
        "DORM_BAD_TAG",
        `acceptWebSocket: each tag is a non-empty string of at most ${MAX_TAG_LENGTH} characters, got ${JSON.stringify(tag)?.slice(0, 40)}.`,
      );
    }
  }
}

// The 32,768-sockets-per-object limit is enforced by workerd itself; counting here would cost
// O(sockets) on every accept.
export function acceptWebSocket(state: DurableObjectState, ws: WebSocket, tags: readonly unknown[]): void {
  checkTags(tags);
  state.acceptWebSocket(ws, tags);
}

/** The `sockets` feature: `ctx.acceptWebSocket`, with the platform's tag limits checked. */
export const socketsFeature: Feature<"sockets"> = () => acceptWebSocket;
