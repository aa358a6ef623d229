import { DormError } from "../errors.js";
import type { Refusal } from "./envelope.js";
import { PROTOCOL_VERSION as v, type FrameId, type PresenceEntry, type ServerFrame } from "./protocol.js";

// JSON.stringify leaves out keys whose value is undefined: an absent payload, topic, id or
// presence is simply not in the frame.

/** A server frame as the text sent on the socket. A payload JSON cannot encode is the caller's error. */
export function encodeFrame(frame: ServerFrame, what: string): string {
  try {
    return JSON.stringify(frame);
  } catch (error) {
    throw new DormError("DORM_NOT_JSON", `${what}: the payload is not JSON (${(error as Error).message}); send plain objects, arrays, strings, numbers, booleans and null.`);
  }
}

export const eventFrame = (type: string, payload: unknown, topic: string | undefined, what: string): string =>
  encodeFrame({ v, kind: "event", type, payload, topic }, what);

export const replyFrame = (id: FrameId, payload: unknown, what: string): string => encodeFrame({ v, kind: "reply", id, payload }, what);

export const errorFrame = (refusal: Refusal): string => encodeFrame({ v, kind: "error", ...refusal }, "error frame");

export const welcomeFrame = (id: string, presence: PresenceEntry[] | undefined, topics: readonly string[]): string =>
  encodeFrame({ v, kind: "welcome", id, presence, topics }, "welcome");

