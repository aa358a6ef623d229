// Which optional runtime features a piece of the app's code uses, read from its text. Pure.
//
// The rules lean towards including: a feature found by mistake costs bytes, one missed costs a
// DORM_NOT_BUILT error at run time (which says to add `features: [...]` to dorm.config.ts).
// Comments do not count; identifiers and string literals do, template literals as both.
import { CONNECTION_MEMBERS, SCHEDULER_MEMBERS, type FeatureName } from "dorm/feature-names";

/** Members of `ctx` that the scheduler serves (it owns the platform alarm when bundled): a use anywhere, keys included. */
const SCHEDULER_WORDS: ReadonlySet<string> = new Set(SCHEDULER_MEMBERS);

/** A word that names a feature wherever it is used, except as a key (`storage: "kv"`, `{ shards: 8 }`, `presence: true`). */
const MEMBER_WORDS: Readonly<Record<string, FeatureName>> = {
  setState: "state",
  storage: "storage",
  sql: "sql",
  acceptWebSocket: "sockets",
  shard: "sharding",
  shards: "sharding",
  ...Object.fromEntries(CONNECTION_MEMBERS.map((member) => [member, "connections"])),
};

// One token at a time: a comment, a quoted string, a template literal, or one of the words above
// (other identifiers are not tokens: the scan skips them, which keeps it fast on large apps).
const WORDS = [...SCHEDULER_WORDS, ...Object.keys(MEMBER_WORDS)].sort((a, b) => b.length - a.length).join("|");
const TOKEN = new RegExp(/\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|(["'])((?:\\[\s\S]|(?!\1)[^\\\n])*)\1?|`((?:\\[\s\S]|[^\\`])*)`?/.source + `|(?<![\\w$])(?:${WORDS})(?![\\w$])`, "g");

const NAME = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)";
const FIELD = `(?:[0-9*?/,#LW-]|${NAME})+`;
/** Five or six cron fields (seconds first), or a nickname: what croner reads. */
const CRON = new RegExp(`^\\s*(?:@(?:yearly|annually|monthly|weekly|daily|hourly)|${FIELD}(?:\\s+${FIELD}){4,5})\\s*$`, "i");

/** Whether a string is written like a cron expression (it needs a digit or a `*` somewhere). */
export function looksLikeCron(text: string): boolean {
  return CRON.test(text) && /[0-9*@]/.test(text);
}

function isKey(source: string, end: number): boolean {
  let i = end;
  while (i < source.length && (source[i] === " " || source[i] === "\t")) i++;
  return source[i] === ":" || (source[i] === "?" && source[i + 1] === ":");
}

/** The features this code uses, added to `into`. */
export function codeFeatures(source: string, into: Set<FeatureName> = new Set()): Set<FeatureName> {
  for (const match of source.matchAll(TOKEN)) {
    const token = match[0];
    const first = token[0];
    if (first === "/") continue;
    if (first === '"' || first === "'") {
      if (looksLikeCron(match[2] ?? "")) into.add("cron");
      continue;
    }
    if (first === "`") {
      const text = match[3] ?? "";
      if (!text.includes("${") && looksLikeCron(text)) into.add("cron");
      // Code inside `${...}` counts too.
      if (text.includes("${")) codeFeatures(text, into);
      continue;
    }
    if (SCHEDULER_WORDS.has(token)) into.add("scheduler");
    const feature = MEMBER_WORDS[token];
    if (feature && (feature === "state" || !isKey(source, match.index + token.length))) into.add(feature);
  }
  return into;
}

/** Relative imports of a module (`./x`, `../y.js`), for following the app's own files. */
export function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["'](\.\.?\/[^"'?]+)["']/g)) found.push(match[1]!);
  return found;
}
