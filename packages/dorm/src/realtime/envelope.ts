import {
  ErrorCode,
  FORBIDDEN_KEYS,
  MAX_ID_LENGTH,
  MAX_TYPE_LENGTH,
  PROTOCOL_VERSION,
  type ClientFrame,
  type ErrorFrame,
  type FrameId,
} from "./protocol.js";

/** A frame refused before any handler runs: what to send back. */
export type Refusal = Omit<ErrorFrame, "v" | "kind">;

export type Parsed = { readonly ok: true; readonly frame: ClientFrame } | { readonly ok: false; readonly refusal: Refusal };

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(["v", "type", "id", "payload"]);
const encoder = new TextEncoder();

/** UTF-8 size of a string, without encoding it when the length alone decides. */
export function exceedsBytes(text: string, max: number): boolean {
  // A UTF-16 unit takes 1 to 3 UTF-8 bytes (a surrogate pair, 2 units, takes 4).
  if (text.length > max) return true;
  if (text.length * 3 <= max) return false;
  return encoder.encode(text).byteLength > max;
}

/** The first forbidden key anywhere in a parsed JSON value, as a path; null when there is none. */
export function findForbiddenKey(root: unknown): (string | number)[] | null {
  // Iterative: a 64 KiB frame can nest tens of thousands of levels deep.
  interface Step {
    readonly value: unknown;
    readonly key: string | number | null;
    readonly parent: Step | null;
  }
  const pathOf = (step: Step): (string | number)[] => {
    const path: (string | number)[] = [];
    for (let s: Step | null = step; s && s.key !== null; s = s.parent) path.push(s.key);
    return path.reverse();
  };
  const stack: Step[] = [{ value: root, key: null, parent: null }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const { value } = step;
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: step });
      continue;
    }
    const keys = Object.keys(value);
    for (const key of keys) if (FORBIDDEN_KEYS.has(key)) return pathOf({ value: null, key, parent: step });
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push({ value: (value as Record<string, unknown>)[key], key, parent: step });
    }
  }
  return null;
}

/** A forbidden key can only be in the frame if one of these substrings is (`\u` covers escapes). */
function mayHoldForbiddenKey(text: string): boolean {
  return text.includes("__proto__") || text.includes("constructor") || text.includes("prototype") || text.includes("\\u");
}

function usableId(id: unknown): FrameId | undefined {
  return (typeof id === "string" && id.length > 0 && id.length <= MAX_ID_LENGTH) || Number.isSafeInteger(id) ? (id as FrameId) : undefined;
}

const refuse = (code: string, message: string, id?: FrameId): Parsed => ({ ok: false, refusal: { id, code, message } });

/**
 * Read one text frame from a client: size, JSON, forbidden keys, then the envelope's shape
 * `{ v: 1, type, id?, payload? }`. Pure. Every refusal says what was wrong and how the frame
 * should look, and carries the frame's `id` when one could be read, so a waiting call fails.
 */
export function parseClientFrame(text: string, maxBytes: number): Parsed {
  if (exceedsBytes(text, maxBytes)) return refuse(ErrorCode.TOO_LARGE, `the frame is over ${maxBytes} bytes, this object's limit; send less per message.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return refuse(ErrorCode.BAD_JSON, `the frame is not JSON (${(error as Error).message}); send JSON.stringify({ v: 1, type, payload }).`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return refuse(ErrorCode.BAD_FRAME, `the frame must be a JSON object { v: 1, type, id?, payload? }.`);
  const envelope = value as { readonly v?: unknown; readonly id?: unknown; readonly type?: unknown };
  const id = usableId(envelope.id);
  const path = mayHoldForbiddenKey(text) && findForbiddenKey(envelope);
  if (path) return refuse(ErrorCode.FORBIDDEN_KEY, `the key "${path.at(-1)}" (at ${path.join(".")}) is not allowed anywhere in a frame; rename it.`, id);
  if (envelope.v !== PROTOCOL_VERSION) {
    return refuse(ErrorCode.BAD_VERSION, `v must be ${PROTOCOL_VERSION}, this object's protocol version, got ${JSON.stringify(envelope.v)}; set v: ${PROTOCOL_VERSION} (or update @dorm/client).`, id);
  }
  const extra = Object.keys(envelope).find((key) => !ENVELOPE_KEYS.has(key));
  if (extra) return refuse(ErrorCode.BAD_FRAME, `unknown envelope key "${extra}"; a frame has only v, type, id and payload (put data in payload).`, id);
  if (envelope.id !== undefined && id === undefined) return refuse(ErrorCode.BAD_FRAME, `id must be a non-empty string of at most ${MAX_ID_LENGTH} characters or a safe integer.`);
  const { type } = envelope;
  if (typeof type !== "string" || type.length === 0 || type.length > MAX_TYPE_LENGTH) {
    return refuse(ErrorCode.BAD_FRAME, `type must be a non-empty string of at most ${MAX_TYPE_LENGTH} characters naming a message of this object.`, id);
  }
  return { ok: true, frame: envelope as ClientFrame };
}
