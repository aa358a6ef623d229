// How many bytes V8's structured serialization (what Durable Object storage stores) can take
// for a value, computed in JavaScript because workerd has no `v8.serialize`.
//
// The result is an upper bound, never an under-estimate: a limit checked against it locally
// cannot be exceeded on Cloudflare. V8 picks encodings JavaScript cannot observe, so the bound
// takes the larger one wherever two are possible:
// - a string costs 2 bytes per character: V8 writes a string held in two-byte form as UTF-16,
//   and a substring of non-Latin-1 text (one line of a message with an emoji) is held that way
//   even when every character it has is ASCII;
// - a number costs 9 bytes (a tagged double): an integer is written in 2 to 6 bytes only while
//   V8 keeps it as a small integer, which depends on the object's history;
// - an array costs its keys too: arrays with holes (even filled ones, `new Array(n).fill(0)`)
//   are written sparse, index by index;
// - a typed array costs its whole underlying buffer (V8 writes it before the view), or its own
//   bytes when that buffer was already counted.
// Repeated objects cost a back-reference, as V8 writes them.
//
// The same walk finds what storage cannot keep, with structured clone's rules, so every write
// (`setState`, `init`'s state, `storage.put`) is refused before anything is written rather than
// failing later in the background: functions, symbols, promises and weak collections (V8 throws
// DataCloneError); class instances (V8 keeps only their fields: the value would come back as a
// plain object, without its methods); and values nested deeper than MAX_VALUE_DEPTH (V8 runs out
// of stack).

import { groupDigits } from "../digits.js";
import { MAX_VALUE_DEPTH } from "../limits.js";

// Tag bytes, and the largest varint V8 writes for a 32-bit length or count.
const TAG = 1;
const VARINT = 5;
const HEADER = 2;
const DOUBLE = TAG + 8;
const REFERENCE = TAG + VARINT;

/** Bytes of the varint V8 writes for a non-negative integer below 2^32. */
function varintBytes(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

function stringBound(s: string): number {
  // Two-byte form: tag, a padding byte for alignment, the byte length, UTF-16 code units.
  const bytes = s.length * 2;
  return TAG + 1 + varintBytes(bytes) + bytes;
}

/** An array index key is written as a number: a small integer while it fits 31 bits. */
function indexKeyBound(index: number): number {
  return index < 0x40000000 ? TAG + varintBytes(index * 2) : DOUBLE;
}

function bigintBound(n: bigint): number {
  const hexDigits = (n < 0n ? -n : n).toString(16).length;
  return TAG + VARINT + Math.ceil(hexDigits / 16) * 8;
}

const isIndex = (key: string): boolean => {
  const n = Number(key);
  return Number.isInteger(n) && n >= 0 && n < 0xffffffff && String(n) === key;
};

/** What storage cannot keep about `o`: an object that is none of the kinds structured clone copies. */
function refusalOf(o: object): string {
  if (o instanceof Promise) return "a Promise";
  if (o instanceof WeakMap) return "a WeakMap";
  if (o instanceof WeakSet) return "a WeakSet";
  if (typeof WeakRef === "function" && o instanceof WeakRef) return "a WeakRef";
  const name = (Object.getPrototypeOf(o) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
  return `an instance of ${typeof name === "string" && name !== "" ? name : "a class"} (storage keeps only its fields: it would come back as a plain object)`;
}

const TOO_DEEP = `a value nested more than ${groupDigits(MAX_VALUE_DEPTH)} levels deep`;

class Walk {
  total = HEADER;
  /** The first value found that storage cannot keep (see the top of this file); it stops the walk. */
  unserializable: string | null = null;
  /** Where that value is (`.a[1].b`), written as the walk unwinds from it: empty for the value itself. */
  path = "";
  #depth = 0;
  // Objects met so far. The first is kept aside, so a flat value allocates no set.
  #first: object | null = null;
  #others: Set<object> | null = null;
  /** Buffers already counted through a view (which does not make them references). */
  #viewed: Set<ArrayBufferLike> | null = null;
  readonly budget: number;
  constructor(budget: number) {
    this.budget = budget;
  }

  /**
   * A child at `step` stopped the walk: when because storage refuses something, the step is
   * part of its path. Returns false, to go on unwinding. (Steps are made only on failure.)
   */
  #at(step: string): false {
    if (this.unserializable !== null) this.path = step + this.path;
    return false;
  }

  #met(o: object): boolean {
    return o === this.#first || (this.#others?.has(o) ?? false);
  }

  /** Whether `o` was met before; records it if not. */
  #seen(o: object): boolean {
    if (this.#first === null) {
      this.#first = o;
      return false;
    }
    if (o === this.#first) return true;
    this.#others ??= new Set();
    if (this.#others.has(o)) return true;
    this.#others.add(o);
    return false;
  }

  /** Adds `bytes`; returns false once the budget is exceeded, which stops the walk. */
  add(bytes: number): boolean {
    this.total += bytes;
    return this.total <= this.budget;
  }

  value(v: unknown): boolean {
    switch (typeof v) {
      case "string":
        return this.add(stringBound(v));
      case "number":
        return this.add(DOUBLE);
      case "bigint":
        return this.add(bigintBound(v));
      case "object":
        return v === null ? this.add(TAG) : this.object(v);
      case "function":
        // Storage would reject the value (DataCloneError), later and without saying where.
        this.unserializable = "a function";
        return false;
      case "symbol":
        this.unserializable = "a symbol";
        return false;
      default:
        // undefined, booleans
        return this.add(TAG);
    }
  }

  object(o: object): boolean {
    if (this.#seen(o)) return this.add(REFERENCE);
    if (this.#depth === MAX_VALUE_DEPTH) {
      this.unserializable = TOO_DEEP;
      return false;
    }
    this.#depth++;
    const fits = this.#object(o);
    this.#depth--;
    return fits;
  }

  #object(o: object): boolean {
    // Plain objects first: they are most of what is stored.
    const proto: unknown = Object.getPrototypeOf(o);
    if (proto === Object.prototype || proto === null) return this.#properties(o, Object.keys(o));
    if (ArrayBuffer.isView(o)) {
      // V8 writes a view's whole buffer once, then references it; a serializer that treats
      // views as host objects (Node's) writes each view's own bytes. Count the larger.
      const buffer = o.buffer as ArrayBuffer;
      this.#viewed ??= new Set();
      const bytes = this.#viewed.has(buffer) || this.#met(buffer) ? o.byteLength : buffer.byteLength;
      this.#viewed.add(buffer);
      // Tag, view kind, offset, length, flags; the buffer's tag and lengths.
      return this.add(TAG + TAG + 3 * VARINT + TAG + 2 * VARINT + bytes);
    }
    if (o instanceof ArrayBuffer) return this.add(TAG + 2 * VARINT + o.byteLength);
    if (Array.isArray(o)) return this.#array(o);
    if (o instanceof Date) return this.add(DOUBLE);
    if (o instanceof RegExp) return this.add(TAG + stringBound(o.source) + VARINT);
    if (o instanceof Map) {
      if (!this.add(TAG + TAG + VARINT)) return false;
      let i = 0;
      for (const [key, value] of o) {
        if (!this.value(key)) return this.#at(`<map key ${i}>`);
        if (!this.value(value)) return this.#at(`<map value ${i}>`);
        i++;
      }
      return true;
    }
    if (o instanceof Set) {
      if (!this.add(TAG + TAG + VARINT)) return false;
      let i = 0;
      for (const item of o) {
        if (!this.value(item)) return this.#at(`<set item ${i}>`);
        i++;
      }
      return true;
    }
    if (o instanceof Error) return this.#error(o);
    if (o instanceof Number) return this.add(DOUBLE);
    if (o instanceof Boolean) return this.add(TAG);
    if (o instanceof String) return this.add(TAG + stringBound(o.valueOf()));
    if (o instanceof BigInt) return this.add(TAG + bigintBound(o.valueOf()));
    this.unserializable = refusalOf(o);
    return false;
  }

  #array(a: unknown[]): boolean {
    // Tag and length; then the elements (with their keys when written sparse) and the
    // remaining own properties; then the end tag, the property count and the length again.
    if (!this.add(TAG + VARINT + TAG + 2 * VARINT)) return false;
    const keys = Object.keys(a);
    // Index keys come first, ascending: when the last index is present, so are all of them.
    const packed = a.length > 0 && keys[a.length - 1] === String(a.length - 1);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const index = packed && i < a.length ? i : isIndex(key) ? Number(key) : -1;
      const keyBytes = index >= 0 ? indexKeyBound(index) : stringBound(key);
      if (!this.add(keyBytes) || !this.value(index >= 0 ? a[index] : (a as unknown as Record<string, unknown>)[key])) return this.#at(`[${key}]`);
    }
    return true;
  }

  #properties(o: object, keys: string[]): boolean {
    // Begin tag, the pairs, end tag, property count.
    if (!this.add(TAG + TAG + VARINT)) return false;
    for (const key of keys) {
      // A key that is an array index is written as a number, which costs less than the string.
      if (!this.add(stringBound(key)) || !this.value((o as Record<string, unknown>)[key])) return this.#at(`.${key}`);
    }
    return true;
  }

  #error(e: Error): boolean {
    // Tag, prototype tag, message, stack, cause, end tag.
    const { message, stack } = e;
    let bytes = TAG + TAG + TAG + TAG;
    if (typeof message === "string") bytes += TAG + stringBound(message);
    if (typeof stack === "string") bytes += TAG + stringBound(stack);
    if (!this.add(bytes)) return false;
    return "cause" in e ? this.add(TAG) && (this.value(e.cause) || this.#at(".cause")) : true;
  }
}

/**
 * An upper bound of the bytes V8's structured serialization takes for `value`. With a
 * `budget`, it stops walking as soon as the bound exceeds it (and returns a number above it),
 * so checking a limit costs at most that much work.
 *
 * @example
 * serializedSizeBound({ count: 1 }); // 31: header 2, object 7, key "count" 13, number 9 (V8: 14)
 * serializedSizeBound(huge, 131_072) > 131_072; // stops early
 */
export function serializedSizeBound(value: unknown, budget = Number.POSITIVE_INFINITY): number {
  return measureSerialized(value, budget).bytes;
}

export interface SerializedMeasure {
  /** The upper bound of `serializedSizeBound` (partial when the walk stopped early). */
  bytes: number;
  /** What storage cannot keep, when the value holds it (the walk stops there): "a function", "a WeakMap"… */
  unserializable: string | null;
  /**
   * Where in the value that is (`.handlers.onClick`, `[2]`, `<map value 0>`, or
   * `(the value itself)`), for error messages; null when storage can keep the value.
   */
  path: string | null;
}

/**
 * The bound of the most common state, a plain object whose values are strings, numbers,
 * booleans, null or undefined, counted without the walk: the same bytes the walk counts (tested),
 * at a fraction of its cost. In workerd the walk made an RPC call that sets such a state about 5%
 * slower (docs/benchmarks.md, RPC). Null for any other value.
 */
function flatBound(value: unknown): number | null {
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return null;
  let total = HEADER + TAG + TAG + VARINT;
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    switch (typeof v) {
      case "number":
        total += DOUBLE;
        break;
      case "string":
        total += stringBound(v);
        break;
      case "boolean":
      case "undefined":
        total += TAG;
        break;
      default:
        if (v !== null) return null;
        total += TAG;
    }
    total += stringBound(key);
  }
  return total;
}

/** `serializedSizeBound`, and whether storage can keep the value at all and where not, in one walk. */
export function measureSerialized(value: unknown, budget = Number.POSITIVE_INFINITY): SerializedMeasure {
  const flat = flatBound(value);
  return flat === null ? measureByWalk(value, budget) : { bytes: flat, unserializable: null, path: null };
}

/** `measureSerialized` without the shortcut for flat objects (exported for its test). */
export function measureByWalk(value: unknown, budget = Number.POSITIVE_INFINITY): SerializedMeasure {
  const walk = new Walk(budget);
  walk.value(value);
  const { unserializable } = walk;
  return { bytes: walk.total, unserializable, path: unserializable === null ? null : walk.path || "(the value itself)" };
}
