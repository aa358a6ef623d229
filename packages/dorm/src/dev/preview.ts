import type { Preview } from "./board.js";

/** Beyond these, a preview is cut (and says by how much): the page stays fast on large values. */
export const PREVIEW_LIMITS = { depth: 8, items: 100, chars: 1_000 } as const;

const typed = (type: string, fields: Record<string, Preview>): Preview => ({ $type: type, ...fields });

function text(value: string): Preview {
  if (value.length <= PREVIEW_LIMITS.chars) return value;
  return typed("string", { head: value.slice(0, PREVIEW_LIMITS.chars), length: value.length });
}

function list(values: Iterable<unknown>, size: number, depth: number, seen: Set<object>): Preview[] {
  const out: Preview[] = [];
  for (const value of values) {
    if (out.length === PREVIEW_LIMITS.items) {
      out.push(typed("more", { count: size - PREVIEW_LIMITS.items }));
      break;
    }
    out.push(walk(value, depth + 1, seen));
  }
  return out;
}

function walk(value: unknown, depth: number, seen: Set<object>): Preview {
  switch (typeof value) {
    case "string":
      return text(value);
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : typed("number", { value: String(value) });
    case "bigint":
      return typed("bigint", { value: value.toString() });
    case "undefined":
      return typed("undefined", {});
    case "symbol":
    case "function":
      return typed(typeof value, { value: String(value) });
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) return typed("cycle", {});
  if (depth >= PREVIEW_LIMITS.depth) return typed("deep", { kind: Array.isArray(object) ? "array" : "object" });
  seen.add(object);
  try {
    if (object instanceof Date) return typed("Date", { value: Number.isNaN(object.getTime()) ? "Invalid Date" : object.toISOString() });
    if (object instanceof RegExp) return typed("RegExp", { value: String(object) });
    if (object instanceof Error) return typed("Error", { name: object.name, message: object.message });
    if (object instanceof ArrayBuffer) return typed("ArrayBuffer", { bytes: object.byteLength });
    if (ArrayBuffer.isView(object)) return typed(object.constructor.name, { bytes: object.byteLength });
    if (object instanceof Map) {
      const entries = [...object.entries()].map(([k, v]) => [k, v]);
      return typed("Map", { size: object.size, entries: list(entries, object.size, depth, seen) });
    }
    if (object instanceof Set) return typed("Set", { size: object.size, values: list(object, object.size, depth, seen) });
    if (Array.isArray(object)) return list(object, object.length, depth, seen);
    const out: Record<string, Preview> = {};
    const keys = Object.keys(object);
    for (const key of keys.slice(0, PREVIEW_LIMITS.items)) out[key] = walk((object as Record<string, unknown>)[key], depth + 1, seen);
    if (keys.length > PREVIEW_LIMITS.items) out["$more"] = keys.length - PREVIEW_LIMITS.items;
    return out;
  } finally {
    seen.delete(object);
  }
}

/**
 * A stored value as JSON the inspector can show: Maps, Sets, Dates, binary data, `undefined` and
 * other things JSON cannot hold become `{ "$type": ... }` objects; long strings, large lists and
 * deep nesting are cut, saying what was left out. Pure.
 */
export function preview(value: unknown): Preview {
  return walk(value, 0, new Set());
}
