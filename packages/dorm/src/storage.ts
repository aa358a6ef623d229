import { DormError } from "./errors.js";
import { MAX_BATCH_KEYS, MAX_KEY_BYTES } from "./limits.js";

/** Keys dorm keeps for itself in every object's storage. User code never sees them. */
export const INTERNAL_PREFIX = "__dorm:";
export const STATE_KEY = `${INTERNAL_PREFIX}state`;
export const NAME_KEY = `${INTERNAL_PREFIX}name`;
const INTERNAL_KEY_COUNT = 2;

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

const encoder = new TextEncoder();

function checkKey(key: unknown, where: string): asserts key is string {
  if (typeof key !== "string") {
    throw new DormError("DORM_BAD_KEY", `${where}: storage keys are strings, got ${typeof key}.`);
  }
  if (key.startsWith(INTERNAL_PREFIX)) {
    throw new DormError(
      "DORM_RESERVED_KEY",
      `${where}: the key "${key}" starts with "${INTERNAL_PREFIX}", which dorm reserves for the object's state; use ctx.setState for state, or another key.`,
    );
  }
  if (key.length * 3 > MAX_KEY_BYTES && encoder.encode(key).byteLength > MAX_KEY_BYTES) {
    throw new DormError("DORM_KEY_TOO_LONG", `${where}: a storage key is at most ${MAX_KEY_BYTES} bytes (UTF-8).`);
  }
}

function checkKeys(keys: string[], where: string): void {
  if (keys.length > MAX_BATCH_KEYS) {
    throw new DormError("DORM_BATCH_TOO_LARGE", `${where}: at most ${MAX_BATCH_KEYS} keys per call, got ${keys.length}; split the batch.`);
  }
  for (const key of keys) checkKey(key, where);
}

function withoutInternal<T>(map: Map<string, T>, limit: number | undefined): Map<string, T> {
  for (const key of map.keys()) if (key.startsWith(INTERNAL_PREFIX)) map.delete(key);
  if (limit !== undefined && map.size > limit) {
    let kept = 0;
    for (const key of map.keys()) if (++kept > limit) map.delete(key);
  }
  return map;
}

/** Key-value operations over the raw storage (or a transaction), with dorm's keys hidden. */
export class KvView {
  constructor(protected readonly kv: RawKv) {}

  get<T = unknown>(key: string): Promise<T | undefined>;
  get<T = unknown>(keys: string[]): Promise<Map<string, T>>;
  get<T = unknown>(keyOrKeys: string | string[]): Promise<T | undefined | Map<string, T>> {
    if (Array.isArray(keyOrKeys)) {
      checkKeys(keyOrKeys, "storage.get");
      return this.kv.get<T>(keyOrKeys);
    }
    checkKey(keyOrKeys, "storage.get");
    return this.kv.get<T>(keyOrKeys);
  }

  put<T>(key: string, value: T): Promise<void>;
  put<T>(entries: Record<string, T>): Promise<void>;
  put<T>(keyOrEntries: string | Record<string, T>, value?: T): Promise<void> {
    if (typeof keyOrEntries === "string") {
      checkKey(keyOrEntries, "storage.put");
      return this.kv.put(keyOrEntries, value);
    }
    checkKeys(Object.keys(keyOrEntries), "storage.put");
    return this.kv.put(keyOrEntries);
  }

  delete(key: string): Promise<boolean>;
  delete(keys: string[]): Promise<number>;
  delete(keyOrKeys: string | string[]): Promise<boolean | number> {
    if (Array.isArray(keyOrKeys)) {
      checkKeys(keyOrKeys, "storage.delete");
      return this.kv.delete(keyOrKeys);
    }
    checkKey(keyOrKeys, "storage.delete");
    return this.kv.delete(keyOrKeys);
  }

  /** Entries in key order (or reverse), filtered by prefix and range, at most `limit`. */
  async list<T = unknown>(options: ListOptions = {}): Promise<Map<string, T>> {
    if (options.prefix?.startsWith(INTERNAL_PREFIX)) checkKey(options.prefix, "storage.list");
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
  constructor(private readonly txn: DurableObjectTransaction) {
    super(txn);
  }
  /** Discard every write of this transaction. */
  rollback(): void {
    this.txn.rollback();
  }
}

/** `ctx.storage`: the object's key-value storage. */
export class DormStorage extends KvView {
  constructor(
    private readonly raw: DurableObjectStorage,
    private readonly afterDeleteAll: () => Promise<void>,
  ) {
    super(raw);
  }

  /** Delete every key, the persisted state included: the next event runs `init` again. */
  async deleteAll(): Promise<void> {
    await this.raw.deleteAll();
    await this.afterDeleteAll();
  }

  /** Run `fn` atomically: every write in it lands, or none does (if it throws or rolls back). */
  transaction<T>(fn: (txn: DormTransaction) => Promise<T>): Promise<T> {
    return this.raw.transaction((txn) => fn(new DormTransaction(txn)));
  }

  /** Resolves when every write so far is durable. */
  sync(): Promise<void> {
    return this.raw.sync();
  }
}
