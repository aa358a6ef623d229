import { encodeFrame } from "./frames.js";
import { PROTOCOL_VERSION, type PresenceFrame } from "./protocol.js";

/**
 * The realtime part `presence`: the frame that tells the other connections one joined, changed
 * its presence or left (`presence` undefined). Bundled only for apps whose objects keep presence
 * (the default with dorm's protocol; `presence: false` turns it off).
 */
export const presencePart = (op: PresenceFrame["op"], id: string, presence: unknown): string =>
  encodeFrame({ v: PROTOCOL_VERSION, kind: "presence", op, id, presence }, "presence");
