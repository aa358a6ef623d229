import { handledError } from "../object/handled-errors.js";
import type { LiveConnection } from "./connection.js";
import type { Refusal } from "./envelope.js";
import { errorFrame } from "./frames.js";
import { MessageError } from "./message-error.js";
import { ErrorCode, type ClientFrame, type FrameId } from "./protocol.js";

/** Send a refusal, with the id of the frame it answers (when that had one). */
export function refuse(conn: LiveConnection, refusal: Refusal, frame?: { readonly id?: FrameId | undefined }): void {
  conn.sendFrame(errorFrame({ id: frame?.id, ...refusal }));
}

/**
 * A frame's handler (or schema, or subscribe hook) threw: a `MessageError` is the app's refusal;
 * anything else goes to the log, and the client learns only that it failed.
 */
export function failed(target: { readonly object: string; readonly ctx: object }, conn: LiveConnection, frame: ClientFrame, error: unknown, part: "handler" | "schema"): void {
  if (error instanceof MessageError) return refuse(conn, { code: error.code, message: error.message }, frame);
  // The details may hold anything (paths, secrets); they go to the log, not to the client.
  console.error(`dorm: messages.${frame.type} of ${target.object} failed in its ${part}:`, error);
  handledError(target.ctx, `messages.${frame.type}`, error);
  refuse(conn, { code: ErrorCode.HANDLER_FAILED, message: `the ${part} of "${frame.type}" failed; the server's log has the details.` }, frame);
}
