import { DormError } from "../errors.js";

/**
 * `sql.migrations` needs SQLite storage. Checked by `defineDurableObject` itself (cheap, so every
 * app keeps it); the migrations feature checks the list when the worker loads.
 */
export function checkSqlStorage(sql: unknown, storage: unknown): void {
  if (sql === undefined || storage !== "kv") return;
  throw new DormError(
    "DORM_BAD_DEFINITION",
    `defineDurableObject({ sql }): sql.migrations needs SQLite storage, and this object is declared with storage: "kv". Remove storage: "kv" for a new object (SQLite is the default); an existing class cannot change storage kind.`,
  );
}
