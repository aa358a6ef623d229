// Malformed frames of every kind the protocol refuses, generated from a seed: the same 1,000
// frames on every run. Each comes with the error code the object must answer with.
import { random } from "../../src/sharding/testing.js";

export interface Malformed {
  readonly kind: string;
  readonly frame: string | Uint8Array;
  readonly code: string;
}

/** Options of the object under test: its message types, and its size limit. */
export interface Target {
  /** A message whose schema takes { text: string (1..200 chars) }. */
  readonly typed: string;
  readonly maxMessageBytes: number;
}

const word = (rand: () => number) => Math.floor(rand() * 36 ** 6).toString(36);

export function malformedFrames(count: number, seed: number, target: Target): Malformed[] {
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const good = () => ({ v: 1, type: target.typed, id: word(rand), payload: { text: word(rand) } });
  const kinds: (() => Malformed)[] = [
    // Not JSON at all, or JSON cut short.
    () => ({ kind: "invalid JSON", frame: pick(["{", "{\"v\":1,", "nope", "{'v':1}", "[1,2", "{\"v\":1 \"type\":\"x\"}", "\u0000"]) + word(rand), code: "DORM_BAD_JSON" }),
    () => ({ kind: "truncated", frame: JSON.stringify(good()).slice(0, 5 + Math.floor(rand() * 20)), code: "DORM_BAD_JSON" }),
    // JSON, but not an envelope.
    () => ({ kind: "not an object", frame: JSON.stringify(pick([[1, 2], "text", 42, null, true])), code: "DORM_BAD_FRAME" }),
    () => ({ kind: "no type", frame: JSON.stringify({ v: 1, payload: { text: "x" } }), code: "DORM_BAD_FRAME" }),
    () => ({ kind: "bad type", frame: JSON.stringify({ v: 1, type: pick([42, "", "x".repeat(65), null]) }), code: "DORM_BAD_FRAME" }),
    () => ({ kind: "bad id", frame: JSON.stringify({ ...good(), id: pick([1.5, "", {}, [], "y".repeat(65)]) }), code: "DORM_BAD_FRAME" }),
    () => ({ kind: "extra envelope key", frame: JSON.stringify({ ...good(), [word(rand)]: 1 }), code: "DORM_BAD_FRAME" }),
    () => ({ kind: "binary", frame: new TextEncoder().encode(JSON.stringify(good())), code: "DORM_BAD_FRAME" }),
    () => ({ kind: "wrong version", frame: JSON.stringify({ ...good(), v: pick([0, 2, "1", null]) }), code: "DORM_BAD_VERSION" }),
    // Well-formed, but not a message of this object, or a payload its schema refuses.
    () => ({ kind: "unknown type", frame: JSON.stringify({ ...good(), type: `no_${word(rand)}` }), code: "DORM_UNKNOWN_TYPE" }),
    () => ({ kind: "methods are not messages", frame: JSON.stringify({ ...good(), type: "secret" }), code: "DORM_UNKNOWN_TYPE" }),
    () => ({ kind: "schema failure", frame: JSON.stringify({ ...good(), payload: pick([{ text: 5 }, { text: "" }, {}, "text", null, { text: "z".repeat(201) }]) }), code: "DORM_INVALID_PAYLOAD" }),
    () => ({ kind: "missing payload", frame: JSON.stringify({ v: 1, type: target.typed, id: word(rand) }), code: "DORM_INVALID_PAYLOAD" }),
    // Too large, whatever it holds.
    () => ({ kind: "oversized", frame: JSON.stringify({ ...good(), payload: { text: "é".repeat(Math.ceil(target.maxMessageBytes / 2) + Math.floor(rand() * 100)) } }), code: "DORM_FRAME_TOO_LARGE" }),
    // Prototype keys, plainly, nested, or escaped so that only parsing reveals them.
    () => ({ kind: "__proto__ key", frame: `{"v":1,"type":"${target.typed}","payload":{"text":"a","__proto__":{"polluted":true}}}`, code: "DORM_FORBIDDEN_KEY" }),
    () => ({ kind: "constructor key", frame: JSON.stringify({ ...good(), payload: { text: "a", nested: [{ constructor: { prototype: { x: 1 } } }] } }), code: "DORM_FORBIDDEN_KEY" }),
    () => ({ kind: "escaped __proto__", frame: `{"v":1,"type":"${target.typed}","\\u005f_proto__":{"x":1},"payload":{"text":"a"}}`, code: "DORM_FORBIDDEN_KEY" }),
    () => ({ kind: "top-level prototype", frame: `{"prototype":1,"v":1,"type":"${target.typed}"}`, code: "DORM_FORBIDDEN_KEY" }),
  ];
  return Array.from({ length: count }, (_, i) => kinds[i % kinds.length]!());
}
