import { groupDigits } from "../digits.js";
import { DormError } from "../errors.js";
import { MAX_KEY_BYTES, MAX_SQLITE_ENTRY_BYTES, MAX_VALUE_BYTES } from "../limits.js";
import { measureSerialized } from "./serialized-size.js";
import { utf8Length } from "./utf8.js";
import type { StorageKind } from "./types.js";

// The key and value sizes Cloudflare enforces on Durable Object storage, which local workerd
// does not: checked before anything is written, so an over-limit write stores nothing.


/** Why a size is what it is, for the messages. */
const COUNTED =
  "dorm counts the serialized size conservatively (2 bytes per string character, 9 per number; binary data at its length)";

/** Checks a key's size (alone) for an object with this kind of storage. */
export function checkKeySize(kind: StorageKind, key: string, where: string): void {
  const max = kind === "kv" ? MAX_KEY_BYTES : MAX_SQLITE_ENTRY_BYTES;
  // Three bytes per UTF-16 unit is the most UTF-8 can take: most keys need no counting.
  if (key.length * 3 <= max || utf8Length(key) <= max) return;
  throw new DormError(
    "DORM_KEY_TOO_LONG",
    kind === "kv"
      ? `${where}: a storage key is at most ${groupDigits(MAX_KEY_BYTES)} bytes (UTF-8) in an object with storage: "kv"; this one is longer. Use a shorter key (a hash of the long one, say).`
      : `${where}: a storage key and its value are at most ${groupDigits(MAX_SQLITE_ENTRY_BYTES)} bytes together; the key alone is longer. Use a shorter key.`,
  );
}

/**
 * Checks that `value` fits under `key` for an object with this kind of storage. `what` names the
 * entry in the message (default: the value of that key).
 */
export function checkEntrySize(kind: StorageKind, key: string, value: unknown, where: string, what?: string): void {
  if (value === undefined) {
    // workerd refuses it too, but later: the returned promise rejects while the caller has moved on.
    throw new DormError(
      "DORM_UNSERIALIZABLE",
      `${where}: ${what ?? keyLabel(key)} is undefined, which storage cannot keep as a value; store null, or delete the key (storage.delete). Nothing was stored.`,
    );
  }
  const max = kind === "kv" ? MAX_VALUE_BYTES : MAX_SQLITE_ENTRY_BYTES;
  const measure = measureSerialized(value, max);
  if (measure.unserializable) {
    throw new DormError(
      "DORM_UNSERIALIZABLE",
      `${where}: ${what ?? keyLabel(key)} holds ${measure.unserializable} at ${shortPath(measure.path)}, which storage cannot keep. Storage keeps what structured clone copies: plain objects, arrays, strings, numbers, booleans, null, bigints, Maps, Sets, Dates, RegExps, Errors and binary data. Nothing was stored.`,
    );
  }
  const valueBytes = measure.bytes;
  if (kind === "kv") {
    if (valueBytes <= MAX_VALUE_BYTES) return;
    throw new DormError(
      "DORM_VALUE_TOO_LARGE",
      `${where}: ${what ?? keyLabel(key)} takes more than ${groupDigits(MAX_VALUE_BYTES)} bytes (128 KiB), the most an object with storage: "kv" stores per value; nothing was stored. Split it over several keys. (${COUNTED}.)`,
    );
  }
  if (valueBytes + key.length * 3 <= MAX_SQLITE_ENTRY_BYTES || valueBytes + utf8Length(key) <= MAX_SQLITE_ENTRY_BYTES) return;
  throw new DormError(
    "DORM_ENTRY_TOO_LARGE",
    `${where}: ${what ?? keyLabel(key)} takes more than ${groupDigits(MAX_SQLITE_ENTRY_BYTES)} bytes with its key (2 MB), the most a SQLite-backed object stores per key; nothing was stored. Split it over several keys, or keep it in SQL rows (ctx.sql). (${COUNTED}.)`,
  );
}

/** A path into a value, cut in the middle when long (a deeply nested one). */
function shortPath(path: string | null): string {
  if (path === null) return "(unknown)";
  return path.length > 120 ? `${path.slice(0, 60)}…${path.slice(-60)}` : path;
}

/** How a key is named in messages: quoted, and cut short when long. */
function keyLabel(key: string): string {
  return `the value of key ${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}`;
}
