import { DormError } from "../errors.js";
import { handledError } from "../object/handled-errors.js";
import { MAX_TOPIC_LENGTH } from "../limits.js";
import { isTopic, type LiveConnection } from "./connection.js";
import { parseClientFrame, type Refusal } from "./envelope.js";
import { errorFrame, replyFrame } from "./frames.js";
import { MessageError } from "./message-error.js";
import { CloseCode, ErrorCode, REPLACEMENT_CHARACTER, SUBSCRIBE, UNSUBSCRIBE, type ClientFrame, type FrameId } from "./protocol.js";
import { limited, type RealtimeParts } from "./parts.js";
import type { MessageSpec, Settings } from "./settings.js";

/** What dispatching a frame needs from the object. */
export interface DispatchTarget {
  readonly object: string;
  /** The object's `ctx`, handed to the handlers as it is. */
  readonly ctx: object;
  readonly settings: Settings;
  readonly messages: ReadonlyMap<string, MessageSpec>;
  readonly subscribe: ((ctx: never, topic: string, conn: never) => boolean | Promise<boolean>) | undefined;
  /** The parts of realtime this build has (realtime/parts.ts). */
  readonly parts: RealtimeParts;
}


/** Send a refusal, with the id of the frame it answers (when that had one). */
function refuse(conn: LiveConnection, refusal: Refusal, frame?: { readonly id?: FrameId | undefined }): void {
  conn.sendFrame(errorFrame({ id: frame?.id, ...refusal }));
}

/**
 * One frame from a client, start to end: rate limit, UTF-8, size, JSON, envelope, message type,
 * schema, handler, reply. Every refusal is one error frame on the same connection, which stays
 * open, except a frame that was not UTF-8, which closes it (1007); nothing reaches a handler
 * unless it passed every check.
 */
export async function dispatchFrame(target: DispatchTarget, conn: LiveConnection, message: string | ArrayBuffer): Promise<void> {
  const limit = limited(target, conn);
  if (typeof message !== "string") {
    return refuse(conn, limit ?? { code: ErrorCode.BAD_FRAME, message: "binary frames are not part of the protocol; send JSON text: { v: 1, type, id?, payload? }." });
  }
  if (message.includes(REPLACEMENT_CHARACTER)) {
    // RFC 6455: a text frame that is not UTF-8 fails the connection. The bytes are gone by now
    // (workerd decoded them to U+FFFD); clients that mean the character escape it.
    return conn.close(CloseCode.INVALID_DATA, "text frames must be UTF-8 (send U+FFFD escaped: \\ufffd)");
  }
  // Parsed even when rate limited (within the size limit, so the cost is bounded): the refusal
  // then carries the frame's id, and a waiting call fails at once instead of timing out.
  const parsed = parseClientFrame(message, target.settings.maxMessageBytes);
  if (!parsed.ok) return refuse(conn, limit ?? parsed.refusal, parsed.refusal);
  const { frame } = parsed;
  if (limit) return refuse(conn, limit, frame);
  if (frame.type === SUBSCRIBE || frame.type === UNSUBSCRIBE) return topicRequest(target, conn, frame);

  const spec = target.messages.get(frame.type);
  if (!spec) {
    const known = [...target.messages.keys()].join(", ") || "none";
    return refuse(conn, { code: ErrorCode.UNKNOWN_TYPE, message: `"${frame.type}" is not a message of ${target.object} (it accepts: ${known}).` }, frame);
  }
  let { payload } = frame;
  let part: "schema" | "handler" = "schema";
  try {
    if (spec.schema) {
      // realtimeFeature made sure the build has schemas when a message has one.
      const checked = await target.parts.schemas!(spec.schema, payload);
      if ("issues" in checked) {
        const { issues } = checked;
        const first = issues[0];
        const where = first?.path ? ` at ${first.path.join(".")}` : "";
        return refuse(conn, { code: ErrorCode.INVALID_PAYLOAD, message: `the payload of "${frame.type}" is not valid${where}: ${first?.message ?? "rejected by its schema"}.`, issues }, frame);
      }
      payload = checked.value;
    } else if (payload !== undefined) {
      return refuse(conn, { code: ErrorCode.INVALID_PAYLOAD, message: `"${frame.type}" takes no payload (it has no schema); send it without one.` }, frame);
    }
    part = "handler";
    const result = await spec.handler(target.ctx as never, payload, conn as never);
    // A reply JSON cannot encode is the handler's failure.
    if (frame.id !== undefined) conn.sendFrame(replyFrame(frame.id, result, `the reply of messages.${frame.type}`));
  } catch (error) {
    failed(target, conn, frame, error, part);
  }
}

function failed(target: DispatchTarget, conn: LiveConnection, frame: ClientFrame, error: unknown, part: "handler" | "schema"): void {
  if (error instanceof MessageError) return refuse(conn, { code: error.code, message: error.message }, frame);
  // The details may hold anything (paths, secrets); they go to the log, not to the client.
  console.error(`dorm: messages.${frame.type} of ${target.object} failed in its ${part}:`, error);
  handledError(target.ctx, `messages.${frame.type}`, error);
  refuse(conn, { code: ErrorCode.HANDLER_FAILED, message: `the ${part} of "${frame.type}" failed; the server's log has the details.` }, frame);
}

async function topicRequest(target: DispatchTarget, conn: LiveConnection, frame: ClientFrame): Promise<void> {
  const topic = (frame.payload as { topic?: unknown } | undefined)?.topic;
  try {
    if (frame.type === UNSUBSCRIBE) {
      conn.unsubscribe(topic as string);
    } else {
      if (!target.subscribe) {
        return refuse(conn, { code: ErrorCode.FORBIDDEN, message: `${target.object} does not let clients subscribe themselves (it has no subscribe hook).` }, frame);
      }
      if (!isTopic(topic)) {
        return refuse(conn, { code: ErrorCode.INVALID_PAYLOAD, message: `${frame.type} takes { topic }, a non-empty string of at most ${MAX_TOPIC_LENGTH} characters.` }, frame);
      }
      if (!(await target.subscribe(target.ctx as never, topic, conn as never))) {
        return refuse(conn, { code: ErrorCode.FORBIDDEN, message: `not allowed to subscribe to "${topic}".` }, frame);
      }
      conn.subscribe(topic);
    }
  } catch (error) {
    // dorm's own checks (a bad topic, a full attachment) are about the request: say so.
    if (error instanceof DormError) return refuse(conn, { code: error.code, message: error.message.replace(/^\[[A-Z_]+\] /, "") }, frame);
    return failed(target, conn, frame, error, "handler");
  }
  if (frame.id !== undefined) conn.sendFrame(replyFrame(frame.id, { topic, topics: conn.topics }, frame.type));
}

/** The realtime part `dorm`: dorm's protocol (the envelope and `messages`), for `@dorm/client`. */
export const dormPart = dispatchFrame;
