import { DormError } from "../errors.js";
import type { Refusal } from "./envelope.js";
import { PROTOCOL_VERSION, type FrameId, type PresenceEntry, type ServerFrame } from "./protocol.js";

/** A server frame as the text sent on the socket. A payload JSON cannot encode is the caller's error. */
export function encodeFrame(frame: ServerFrame, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(frame);
  } catch (error) {
    throw new DormError("DORM_NOT_JSON", `${what}: the payload cannot be sent as JSON (${(error as Error).message}); send plain objects, arrays, strings, numbers, booleans and null.`);
  }
  return text!;
}

export const V = PROTOCOL_VERSION;

export const eventFrame = (type: string, payload: unknown, topic: string | undefined, what: string): string =>
  encodeFrame(topic === undefined ? { v: V, kind: "event", type, payload } : { v: V, kind: "event", type, payload, topic }, what);

export const replyFrame = (id: FrameId, payload: unknown, what: string): string => encodeFrame({ v: V, kind: "reply", id, payload }, what);

export const errorFrame = (refusal: Refusal): string => encodeFrame({ v: V, kind: "error", ...refusal }, "error frame");

export const welcomeFrame = (id: string, presence: PresenceEntry[] | undefined, topics: readonly string[]): string =>
  encodeFrame(presence === undefined ? { v: V, kind: "welcome", id, topics } : { v: V, kind: "welcome", id, presence, topics }, "welcome");
