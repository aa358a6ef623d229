import { handledError } from "../object/handled-errors.js";
import { encodeRecord, newRecord, type Accepted } from "./attachment.js";
import type { ConnectAccept } from "./types.js";

/** What running `connect` needs from the object (Realtime). */
export interface ConnectTarget {
  readonly object: string;
  readonly ctx: object;
  /** The topics part, for the topics `connect` returns (DORM_NOT_BUILT without it). */
  topics(where: string): { check(topics: readonly unknown[], where: string): void };
}

/** `connect` failed: why goes to the log, the client gets a 500 without the details. */
function connectFailed(object: string, why: string, ...error: unknown[]): Response {
  console.error(`dorm: connect of ${object} ${why}`, ...error);
  return Response.json({ error: { code: "DORM_CONNECT_FAILED", message: `connect of ${object} failed; the server's log has the details.` } }, { status: 500 });
}

/**
 * The realtime part `connect`, for objects with a `connect` hook: what the hook decides for an
 * upgrade (or a probe). A Response refuses (no socket exists); `{ data?, presence?, topics? }`
 * accepts, and becomes the connection's record once its topics and its size pass. Whatever else
 * the hook does (throw, return a 101 or a value that is neither) is a 500, its details in the log.
 */
export async function connectPart(target: ConnectTarget, connect: (request: Request, ctx: never) => unknown, request: Request): Promise<Response | Accepted> {
  let result: unknown;
  try {
    result = await connect(request, target.ctx as never);
  } catch (error) {
    handledError(target.ctx, "connect", error);
    return connectFailed(target.object, "threw:", error);
  }
  if (result instanceof Response) {
    return result.status === 101 ? connectFailed(target.object, "returned a 101 response; return { data, presence } to accept, and let dorm make the socket.") : result;
  }
  if (result !== undefined && (typeof result !== "object" || result === null || Array.isArray(result))) {
    return connectFailed(target.object, `returned ${JSON.stringify(result)}; return a Response (reject(...)) to refuse, or { data?, presence?, topics? } to accept.`);
  }
  const record = newRecord(result as ConnectAccept<unknown, unknown> | undefined);
  try {
    if (record.topics.length > 0) target.topics("connect").check(record.topics, "connect");
    return { record, text: encodeRecord(record, "connect") };
  } catch (error) {
    return connectFailed(target.object, "returned a connection dorm cannot keep:", error);
  }
}
