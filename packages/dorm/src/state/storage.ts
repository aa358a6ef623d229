import { DormError } from "../errors.js";
import { MAX_BATCH_KEYS } from "../limits.js";
import { checkEntrySize, checkKeySize } from "./storage-limits.js";
import type { StorageKind } from "./types.js";
import type { Feature } from "../object/features.js";
import type { StoredValue } from "./values.js";

import { INTERNAL_KEY_COUNT, INTERNAL_PREFIX } from "./keys.js";

export interface ListOptions {
  prefix?: string;
  start?: string;
  startAfter?: string;
  end?: string;
  reverse?: boolean;
  limit?: number;
}

/** The subset shared by `DurableObjectStorage` and `DurableObjectTransaction`. */
type RawKv = Pick<DurableObjectStorage, "get" | "put" | "delete" | "list">;

/**
 * A key as workerd reads it: a string as it is; a number, boolean, bigint, null or undefined as
 * its text (`put(1, "x")` stores under "1", like the platform does for a hand-written class). A
 * symbol, array or object is refused: workerd cannot make a key of it either.
 */
function toKey(key: unknown, where: string): string {
  if (typeof key === "string") return key;
  if (key === null || key === undefined || typeof key === "number" || typeof key === "boolean" || typeof key === "bigint") return String(key);
  const what = typeof key === "symbol" ? "a symbol" : Array.isArray(key) ? "an array" : typeof key;
  throw new DormError("DORM_BAD_KEY", `${where}: a storage key is a string (a number or other primitive is used as its text, as workerd does), got ${what}.`);
}

function checkKey(kind: StorageKind, raw: unknown, where: string): string {
  const key = toKey(raw, where);
  if (key.startsWith(INTERNAL_PREFIX)) {
    throw new DormError(
      "DORM_RESERVED_KEY",
      `${where}: the key "${key}" starts with "${INTERNAL_PREFIX}", which dorm reserves for the object's state; use ctx.setState for state, or another key.`,
    );
  }
  checkKeySize(kind, key, where);
  return key;
}

function checkKeys(kind: StorageKind, keys: readonly unknown[], where: string): string[] {
  if (keys.length > MAX_BATCH_KEYS) {
    throw new DormError("DORM_BATCH_TOO_LARGE", `${where}: at most ${MAX_BATCH_KEYS} keys per call, got ${keys.length}; split the batch.`);
  }
  return keys.map((key) => checkKey(kind, key, where));
}

const isEntries = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function withoutInternal<T>(map: Map<string, T>, limit: number | undefined): Map<string, T> {
  for (const key of map.keys()) if (key.startsWith(INTERNAL_PREFIX)) map.delete(key);
  if (limit !== undefined && map.size > limit) {
    let kept = 0;
    for (const key of map.keys()) if (++kept > limit) map.delete(key);
  }
  return map;
}

/**
 * Key-value operations over the raw storage (or a transaction), with dorm's keys hidden and
 * Cloudflare's size limits for this kind of storage checked before anything is written.
 */
export class KvView {
  protected readonly kv: RawKv;
  protected readonly kind: StorageKind;
  constructor(kv: RawKv, kind: StorageKind) {
    this.kv = kv;
    this.kind = kind;
  }

  get<T = unknown>(key: string): Promise<T | undefined>;
  get<T = unknown>(keys: string[]): Promise<Map<string, T>>;
  get<T = unknown>(keyOrKeys: string | string[]): Promise<T | undefined | Map<string, T>> {
    if (Array.isArray(keyOrKeys)) return this.kv.get<T>(checkKeys(this.kind, keyOrKeys, "storage.get"));
    return this.kv.get<T>(checkKey(this.kind, keyOrKeys, "storage.get"));
  }

  /**
   * Store a value (or several, atomically) under string keys. Values are kept by structured
   * clone: functions and symbols cannot be stored, and the types refuse them.
   *
   * @example
   * await ctx.storage.put("history", messages);
   */
  put<T>(key: string, value: StoredValue<T>): Promise<void>;
  put<Entries extends object>(entries: { [K in keyof Entries]: StoredValue<Entries[K]> }): Promise<void>;
  put(keyOrEntries: string | Record<string, unknown>, value?: unknown): Promise<void> {
    if (!isEntries(keyOrEntries)) {
      const key = checkKey(this.kind, keyOrEntries, "storage.put");
      checkEntrySize(this.kind, key, value, "storage.put");
      return this.kv.put(key, value);
    }
    if (value !== undefined) {
      throw new DormError("DORM_BAD_KEY", "storage.put: call put(key, value) with a string key, or put({ key: value, ... }) with entries and no second argument.");
    }
    const keys = checkKeys(this.kind, Object.keys(keyOrEntries), "storage.put");
    // Every entry is checked before any is written: the batch lands whole or not at all.
    for (const key of keys) checkEntrySize(this.kind, key, keyOrEntries[key], "storage.put");
    return this.kv.put(keyOrEntries);
  }

  delete(key: string): Promise<boolean>;
  delete(keys: string[]): Promise<number>;
  delete(keyOrKeys: string | string[]): Promise<boolean | number> {
    if (Array.isArray(keyOrKeys)) return this.kv.delete(checkKeys(this.kind, keyOrKeys, "storage.delete"));
    return this.kv.delete(checkKey(this.kind, keyOrKeys, "storage.delete"));
  }

  /** Entries in key order (or reverse), filtered by prefix and range, at most `limit`. */
  async list<T = unknown>(options: ListOptions = {}): Promise<Map<string, T>> {
    if (options.prefix?.startsWith(INTERNAL_PREFIX)) checkKey(this.kind, options.prefix, "storage.list");
    const { limit } = options;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
      throw new DormError("DORM_BAD_LIST", `storage.list: limit must be a positive integer, got ${String(limit)}.`);
    }
    // dorm's own keys may fall inside the range; ask for enough to still return `limit` entries.
    const asked = limit === undefined ? options : { ...options, limit: limit + INTERNAL_KEY_COUNT };
    return withoutInternal(await this.kv.list<T>(asked), limit);
  }
}

/** A transaction's view: the same operations, plus `rollback`. */
export class DormTransaction extends KvView {
  private readonly txn: DurableObjectTransaction;
  constructor(txn: DurableObjectTransaction, kind: StorageKind) {
    super(txn, kind);
    this.txn = txn;
  }
  /** Discard every write of this transaction. */
  rollback(): void {
    this.txn.rollback();
  }
}

/** `ctx.storage`: the object's key-value storage. */
export class DormStorage extends KvView {
  private readonly raw: DurableObjectStorage;
  private readonly afterDeleteAll: () => Promise<void>;
  constructor(raw: DurableObjectStorage, kind: StorageKind, afterDeleteAll: () => Promise<void>) {
    super(raw, kind);
    this.raw = raw;
    this.afterDeleteAll = afterDeleteAll;
  }

  /** Delete every key, the persisted state included: the next event runs `init` again. */
  async deleteAll(): Promise<void> {
    await this.raw.deleteAll();
    await this.afterDeleteAll();
  }

  /** Run `fn` atomically: every write in it lands, or none does (if it throws or rolls back). */
  transaction<T>(fn: (txn: DormTransaction) => Promise<T>): Promise<T> {
    return this.raw.transaction((txn) => fn(new DormTransaction(txn, this.kind)));
  }

  /** Resolves when every write so far is durable. */
  sync(): Promise<void> {
    return this.raw.sync();
  }
}

/** The `storage` feature (object/features.ts): `ctx.storage`, with dorm's keys hidden and the size limits checked. */
export const storageFeature: Feature<"storage"> = () => (raw, kind, afterDeleteAll) => new DormStorage(raw, kind, afterDeleteAll);
