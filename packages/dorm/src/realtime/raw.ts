import { ErrorCode } from "./protocol.js";
import type { LiveConnection } from "./connection.js";
import type { DispatchTarget } from "./dispatch.js";
import { limited } from "./parts.js";
import { exceedsBytes } from "./envelope.js";
import type { RawRefusal } from "./types.js";

/** What a raw connection's frames go to: the definition's `receive` and `refused`. */
export interface RawTarget extends Pick<DispatchTarget, "object" | "ctx" | "settings" | "parts"> {
  readonly receive: ((ctx: never, conn: never, message: string | ArrayBuffer) => unknown) | undefined;
  readonly refused: ((ctx: never, conn: never, refusal: RawRefusal) => unknown) | undefined;
}

/** Close codes for a refused raw frame when the app does not answer it itself (RFC 6455). */
const CLOSE_TOO_BIG = 1009;
const CLOSE_POLICY = 1008;

function tooLarge(message: string | ArrayBuffer, max: number): boolean {
  return typeof message === "string" ? exceedsBytes(message, max) : message.byteLength > max;
}

/** The refusal of a frame over the size or rate limit; null when it may pass. */
function refusalOf(target: RawTarget, conn: LiveConnection, message: string | ArrayBuffer): RawRefusal | null {
  // The rate limit's refusal is { code: RATE_LIMITED, message, retryAfterMs }.
  const refusal = limited(target, conn) as RawRefusal | null;
  if (refusal) return refusal;
  const max = target.settings.maxMessageBytes;
  if (tooLarge(message, max)) return { code: ErrorCode.TOO_LARGE, message: `a frame is at most ${max} bytes here (realtime.maxMessageBytes).` };
  return null;
}

/**
 * One frame from a raw connection: the rate and size limits, then the app's `receive`, with the
 * frame as it came. A refused frame goes to `refused`, or, without it, closes the connection with
 * the standard code (dorm cannot answer in the app's format). A throwing handler is logged; the
 * connection stays open, as with dorm's protocol.
 */
export async function dispatchRaw(target: RawTarget, conn: LiveConnection, message: string | ArrayBuffer): Promise<void> {
  const refusal = refusalOf(target, conn, message);
  try {
    if (!refusal) {
      await target.receive?.(target.ctx as never, conn as never, message);
    } else if (target.refused) {
      await target.refused(target.ctx as never, conn as never, refusal);
    } else {
      const big = refusal.code === ErrorCode.TOO_LARGE;
      conn.close(big ? CLOSE_TOO_BIG : CLOSE_POLICY, big ? `frame over ${target.settings.maxMessageBytes} bytes` : "too many frames");
    }
  } catch (error) {
    console.error(`dorm: ${refusal ? "refused" : "receive"} of ${target.object} failed:`, error);
  }
}

/** The realtime part `raw`: the app's own frames (`realtime: { protocol: "raw" }`). */
export const rawPart = dispatchRaw;
