import { DormError } from "../errors.js";
import { MAX_ATTACHMENT_BYTES } from "../limits.js";
import type { ConnectAccept } from "./types.js";

/** Everything dorm keeps about a connection, in its socket's attachment (survives hibernation). */
export interface ConnectionRecord {
  readonly id: string;
  readonly data: unknown;
  readonly presence: unknown;
  readonly topics: readonly string[];
  readonly connectedAt: number;
  /** Set by `conn.close()`: the close event that follows must not announce a second leave. */
  readonly closed?: true;
}

/** A connection about to be accepted: its record, and the record as the attachment's text. */
export interface Accepted {
  readonly record: ConnectionRecord;
  readonly text: string;
}

/** The record of a new connection, from what `connect` returned (nothing, without the hook). */
export const newRecord = (accepted: ConnectAccept<unknown, unknown> = {}): ConnectionRecord => ({
  id: crypto.randomUUID(),
  data: accepted.data,
  presence: accepted.presence ?? null,
  topics: [...new Set(accepted.topics ?? [])],
  connectedAt: Date.now(),
});

/** Tag on every socket dorm accepts as a connection; sockets an app accepts itself lack it. */
export const CONNECTION_TAG = "dorm:connection";

// workerd serialises the attachment with V8's serializer: a string takes one byte per character
// when all are Latin-1, else two, plus a few bytes of header (6 measured; 8 allowed here).
const HEADER_BYTES = 8;
const TWO_BYTE = /[^\x00-\xff]/;

/** The attachment's size once serialised, as workerd counts it. */
export function attachmentBytes(text: string): number {
  return (TWO_BYTE.test(text) ? text.length * 2 : text.length) + HEADER_BYTES;
}

/**
 * The record as the attachment's JSON text. Throws when it would not fit in the 16 KiB the
 * platform allows, before anything changes, naming what takes the room.
 */
export function encodeRecord(record: ConnectionRecord, where: string): string {
  let text: string;
  try {
    text = JSON.stringify(record);
  } catch (error) {
    throw new DormError("DORM_NOT_JSON", `${where}: connection data and presence must be JSON (${(error as Error).message}).`);
  }
  const bytes = attachmentBytes(text);
  if (bytes > MAX_ATTACHMENT_BYTES) {
    const part = (value: unknown) => attachmentBytes(JSON.stringify(value) ?? "");
    throw new DormError(
      "DORM_CONNECTION_TOO_LARGE",
      `${where}: a connection's data, presence and topics must fit in ${MAX_ATTACHMENT_BYTES} bytes (the platform's WebSocket attachment limit), not ${bytes} (data ${part(record.data)}, presence ${part(record.presence)}, topics ${part(record.topics)}). Keep large data in ctx.storage under a key made from conn.id.`,
    );
  }
  return text;
}

/** The record in a socket's attachment; null for a socket dorm did not accept. */
export function decodeRecord(attachment: unknown): ConnectionRecord | null {
  if (typeof attachment !== "string") return null;
  try {
    const record = JSON.parse(attachment) as ConnectionRecord;
    return typeof record?.id === "string" && Array.isArray(record.topics) ? record : null;
  } catch {
    return null;
  }
}
