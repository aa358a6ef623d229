// Which parts of the realtime feature an object needs (dorm's realtime/parts.ts), read from its
// options as written: the `realtime` settings and the `messages`. Whatever is not a literal the
// build can read counts as needing every part it could need, so a part is never missing at run
// time; the runtime still checks when the worker loads (realtime/feature.ts).
import type * as t from "@babel/types";
import { REALTIME_PARTS, type RealtimePart } from "dorm/feature-names";

/** `x as T`, `(x)`… → `x`. */
function bare(node: t.Node | null | undefined): t.Node | null {
  let current = node ?? null;
  while (current && (current.type === "TSAsExpression" || current.type === "TSSatisfiesExpression" || current.type === "ParenthesizedExpression")) {
    current = current.expression;
  }
  return current;
}

function keyOf(property: t.ObjectProperty | t.ObjectMethod): string | null {
  if (property.computed) return null;
  return property.key.type === "Identifier" ? property.key.name : property.key.type === "StringLiteral" ? property.key.value : null;
}

/** The properties of an object literal by name, or null when it is not one the build can read whole. */
function literal(node: t.Node | null | undefined): Map<string, t.Node | null> | null {
  const value = bare(node);
  if (!value || value.type !== "ObjectExpression") return null;
  const properties = new Map<string, t.Node | null>();
  for (const property of value.properties) {
    if (property.type === "SpreadElement") return null;
    const key = keyOf(property);
    if (key === null) return null;
    properties.set(key, property.type === "ObjectProperty" ? (property.value as t.Node) : null);
  }
  return properties;
}

/** A string or boolean literal's value; undefined for anything else. */
function constant(node: t.Node | null | undefined): string | boolean | undefined {
  const value = bare(node);
  if (value?.type === "StringLiteral") return value.value;
  if (value?.type === "BooleanLiteral") return value.value;
  return undefined;
}

/**
 * The realtime parts an object that takes connections needs. `settings` is the value of its
 * `realtime` option (absent: the defaults), `messages` that of its `messages` option.
 */
export function realtimeParts(settings: t.Node | null | undefined, hasSettings: boolean, messages: t.Node | null | undefined, hasMessages: boolean): RealtimePart[] {
  const parts = new Set<RealtimePart>();
  const read = hasSettings ? literal(settings) : new Map<string, t.Node | null>();
  if (!read) return [...REALTIME_PARTS];
  const protocol = read.has("protocol") ? constant(read.get("protocol")) : "dorm";
  if (protocol !== "raw") parts.add("dorm");
  if (protocol !== "dorm") parts.add("raw");
  if (parts.has("dorm") && (!read.has("presence") || constant(read.get("presence")) !== false)) parts.add("presence");
  if (!read.has("rateLimit") || constant(read.get("rateLimit")) !== false) parts.add("rateLimit");
  if (parts.has("dorm") && hasMessages) {
    const entries = literal(messages);
    const withSchema = entries === null || [...entries.values()].some((entry) => {
      const fields = literal(entry);
      return fields === null || fields.has("schema");
    });
    if (withSchema) parts.add("schemas");
  }
  return REALTIME_PARTS.filter((p) => parts.has(p));
}
