// Which parts of the realtime feature an object needs (dorm's realtime/parts.ts), read from its
// options as written: the `realtime` settings and the `messages`. Whatever is not a literal the
// build can read counts as needing every part it could need, so a part is never missing at run
// time; the runtime still checks when the worker loads (realtime/feature.ts). The options' own
// checks (the `checks` part) run here, on the literals, and are bundled only for options that are
// not literals or did not pass (then they fail when the worker loads, with the runtime's message).
import type * as t from "@babel/types";
import { REALTIME_PARTS, type RealtimePart } from "dorm/feature-names";
import { checksPart } from "dorm/internal/realtime/checks";
import { relativeImports } from "./code.js";

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

/** Thrown by `value` for what is not a literal. */
const NOT_LITERAL = Symbol("not a literal");
/** What stands for a function (an arrow, a function expression, an object method). */
const FUNCTION = () => undefined;
/** What stands for a message's schema, which the runtime checks itself (realtime/feature.ts). */
const SCHEMA = { "~standard": { version: 1, vendor: "dorm-build", validate: FUNCTION } };

/** An object with these own properties (`__proto__` included, as a literal defines it). */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** The value of a literal expression (functions as FUNCTION); throws NOT_LITERAL for anything else. */
function value(node: t.Node | null, property?: (key: string, node: t.Node | null) => unknown): unknown {
  if (node === null) return FUNCTION; // an object method
  const n = bare(node)!;
  switch (n.type) {
    case "StringLiteral":
    case "NumericLiteral":
    case "BooleanLiteral":
      return n.value;
    case "NullLiteral":
      return null;
    case "TemplateLiteral":
      if (n.expressions.length === 0) return n.quasis[0]!.value.cooked;
      break;
    case "UnaryExpression":
      if (n.operator === "-") return -(value(n.argument) as number);
      break;
    case "BinaryExpression": {
      const [a, b] = [value(n.left), value(n.right)];
      if (typeof a !== "number" || typeof b !== "number") break;
      if (n.operator === "*") return a * b;
      if (n.operator === "+") return a + b;
      if (n.operator === "-") return a - b;
      break;
    }
    case "Identifier":
      if (n.name === "undefined") return undefined;
      break;
    case "ArrowFunctionExpression":
    case "FunctionExpression":
      return FUNCTION;
    case "ArrayExpression":
      return n.elements.map((e) => {
        if (e === null || e.type === "SpreadElement") throw NOT_LITERAL;
        return value(e);
      });
    case "ObjectExpression": {
      const fields = literal(n);
      if (!fields) break;
      return objectOf([...fields].map(([key, field]) => [key, property ? property(key, field) : value(field)]));
    }
  }
  throw NOT_LITERAL;
}

/** `messages` as written. The checks do not look at schemas (the feature does, at run time): any expression will do. */
const messagesValue = (node: t.Node | null) =>
  value(node, (_name, entry) => (bare(entry)?.type === "ObjectExpression" ? value(entry, (key, field) => (key === "schema" ? SCHEMA : value(field))) : value(entry)));

/**
 * Whether the build could check an object's realtime options itself: all are literals (functions
 * aside, and the messages' schemas) and pass the runtime's checks. Then the `checks` part stays
 * out of the bundle.
 */
export function optionsChecked(options: ReadonlyMap<string, t.Node | null>): boolean {
  try {
    const def = objectOf(
      [...options].map(([name, node]) => [
        name,
        // What events hold is for the types; the runtime checks only that it is an object.
        name === "messages" ? messagesValue(node) : name === "events" && bare(node)?.type === "ObjectExpression" ? {} : value(node),
      ]),
    );
    checksPart(def);
    return true;
  } catch {
    return false;
  }
}

/**
 * Words of the code that uses topics (`conn.subscribe`, `ctx.publish`, `{ topics }` from connect),
 * comments included: a comment naming one is how an object whose package calls them asks for the
 * part (the runtime's DORM_NOT_BUILT says so).
 */
const TOPIC_WORDS = /(?<![\w$])(?:publish|publishRaw|subscribe|unsubscribe|topics)(?![\w$])/;

/**
 * Whether an object uses topics: a `subscribe` hook, or its file names them, or imports the app's
 * own files (which this build step does not read: they might).
 */
const usesTopics = (options: ReadonlyMap<string, t.Node | null>, source: string): boolean =>
  options.has("subscribe") || TOPIC_WORDS.test(source) || relativeImports(source).length > 0;

/**
 * The realtime parts an object that takes connections needs, from its realtime options as written
 * (each option's value; null for an object method) and its source.
 */
export function realtimeParts(options: ReadonlyMap<string, t.Node | null>, source: string): RealtimePart[] {
  const parts = new Set<RealtimePart>(optionsChecked(options) ? [] : ["checks"]);
  if (usesTopics(options, source)) parts.add("topics");
  if (options.has("connect")) parts.add("connect");
  const hasSettings = options.has("realtime");
  const read = hasSettings ? literal(options.get("realtime")) : new Map<string, t.Node | null>();
  if (!read) return [...REALTIME_PARTS];
  const protocol = read.has("protocol") ? constant(read.get("protocol")) : "dorm";
  if (protocol !== "raw") parts.add("dorm");
  if (protocol !== "dorm") parts.add("raw");
  if (parts.has("dorm") && (!read.has("presence") || constant(read.get("presence")) !== false)) parts.add("presence");
  if (!read.has("rateLimit") || constant(read.get("rateLimit")) !== false) parts.add("rateLimit");
  if (parts.has("dorm") && options.has("messages")) {
    const entries = literal(options.get("messages"));
    const withSchema = entries === null || [...entries.values()].some((entry) => {
      const fields = literal(entry);
      return fields === null || fields.has("schema");
    });
    if (withSchema) parts.add("schemas");
  }
  return REALTIME_PARTS.filter((p) => parts.has(p));
}
