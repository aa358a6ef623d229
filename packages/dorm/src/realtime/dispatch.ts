import type { LiveConnection } from "./connection.js";
import { parseClientFrame } from "./envelope.js";
import { replyFrame } from "./frames.js";
import { CloseCode, ErrorCode, REPLACEMENT_CHARACTER, SUBSCRIBE, UNSUBSCRIBE } from "./protocol.js";
import { failed, refuse } from "./refusals.js";
import type { Topics } from "./topics.js";
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
  /** The instance's topics, when the build has the part (realtimeFeature makes sure it does when there is a subscribe hook). */
  readonly topicIndex: Topics | null;
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
  if (frame.type === SUBSCRIBE || frame.type === UNSUBSCRIBE) {
    if (frame.type === SUBSCRIBE && !target.subscribe) {
      return refuse(conn, { code: ErrorCode.FORBIDDEN, message: `${target.object} does not let clients subscribe themselves (it has no subscribe hook).` }, frame);
    }
    if (target.topicIndex) return target.topicIndex.request(target, conn, frame);
    // Without the topics part no connection has a topic: there is nothing to unsubscribe from.
    if (frame.id !== undefined) conn.sendFrame(replyFrame(frame.id, { topic: (frame.payload as { topic?: unknown } | undefined)?.topic, topics: conn.topics }, frame.type));
    return;
  }

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

/** The realtime part `dorm`: dorm's protocol (the envelope and `messages`), for `@dorm/client`. */
export const dormPart = dispatchFrame;
