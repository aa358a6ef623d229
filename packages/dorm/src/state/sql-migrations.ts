import { DormError } from "../errors.js";
import { checkQuery, INTERNAL_TABLE_PREFIX } from "./sql.js";
import type { Feature } from "../object/features.js";

/** Which of an object's `sql.migrations` have run, in its own database. */
export const MIGRATIONS_TABLE = `${INTERNAL_TABLE_PREFIX}sql_migrations`;

// `sql` keeps the text that ran, so an edit is caught (and shown) exactly.
const CREATE = `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
  idx INTEGER PRIMARY KEY,
  sql TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

const quote = (sql: string) => JSON.stringify(sql.length > 120 ? `${sql.slice(0, 120)}…` : sql);

/** Checks `defineDurableObject({ sql })` when the worker loads, before any object runs. */
export function checkSqlOption(sql: unknown, storage: unknown): void {
  if (sql === undefined) return;
  const where = "defineDurableObject({ sql })";
  if (storage === "kv") {
    throw new DormError(
      "DORM_BAD_DEFINITION",
      `${where}: sql.migrations needs SQLite storage, and this object is declared with storage: "kv". Remove storage: "kv" for a new object (SQLite is the default); an existing class cannot change storage kind.`,
    );
  }
  const migrations = (sql as { migrations?: unknown } | null)?.migrations;
  if (typeof sql !== "object" || sql === null || !Array.isArray(migrations)) {
    throw new DormError("DORM_BAD_DEFINITION", `${where}: expected { migrations: ["CREATE TABLE …", …] }, an array of SQL strings.`);
  }
  migrations.forEach((migration: unknown, index) => {
    const at = `${where}: sql.migrations[${index}]`;
    if (typeof migration !== "string" || migration.trim() === "") {
      throw new DormError("DORM_BAD_DEFINITION", `${at} must be a non-empty SQL string, got ${JSON.stringify(migration) ?? typeof migration}.`);
    }
    checkQuery(migration, at);
  });
}

interface Applied {
  idx: number;
  sql: string;
}

/**
 * Brings the object's schema up to date: runs the migrations that have not run yet, in order,
 * in one transaction, and records them. Called on activation, before state is loaded.
 *
 * Throws a DormError when the list no longer matches what ran (an edited or removed migration)
 * or when a migration fails; then nothing changed, and the caller (the activation) fails.
 */
export function applyMigrations(storage: DurableObjectStorage, migrations: readonly string[], label: string): number {
  const sql = storage.sql;
  let tracked: boolean;
  try {
    tracked = sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, MIGRATIONS_TABLE).toArray().length > 0;
  } catch (error) {
    // Storage without SQL (in-memory test storage, a class deployed with new_classes): an object
    // that declares no migrations has nothing to check.
    if (migrations.length === 0) return 0;
    throw new DormError(
      "DORM_NO_SQL",
      `${label}: sql.migrations needs SQLite storage, and this object's storage has no SQL (${(error as Error).message})`,
    );
  }
  const applied = tracked
    ? sql.exec<Applied & Record<string, SqlStorageValue>>(`SELECT idx, sql FROM ${MIGRATIONS_TABLE} ORDER BY idx`).toArray()
    : [];
  if (applied.length > migrations.length) {
    const removed = applied[migrations.length]!;
    throw new DormError(
      "DORM_SQL_MIGRATION_REMOVED",
      `${label}: ${applied.length} SQL migrations have run in this object, but sql.migrations has ${migrations.length}; sql.migrations[${removed.idx}] (${quote(removed.sql)}) was removed. A migration that has run stays in the list for good: put it back, and undo its effect with a new migration at the end.`,
    );
  }
  for (const row of applied) {
    if (row.sql !== migrations[row.idx]) {
      throw new DormError(
        "DORM_SQL_MIGRATION_CHANGED",
        `${label}: sql.migrations[${row.idx}] ran as ${quote(row.sql)}, but the definition now says ${quote(migrations[row.idx]!)}. A migration that has run must not change: restore it, and add the change as a new migration at the end (ALTER TABLE …).`,
      );
    }
  }
  if (applied.length === migrations.length) return 0;
  const now = Date.now();
  // One transaction for every pending migration: the schema moves to the latest version, or
  // (when one fails) stays exactly where it was.
  storage.transactionSync(() => {
    if (!tracked) sql.exec(CREATE);
    for (let idx = applied.length; idx < migrations.length; idx++) {
      try {
        sql.exec(migrations[idx]!);
      } catch (error) {
        const first = applied.length;
        const pending = first === migrations.length - 1 ? `sql.migrations[${first}]` : `sql.migrations[${first}..${migrations.length - 1}]`;
        throw new DormError(
          "DORM_SQL_MIGRATION_FAILED",
          `${label}: sql.migrations[${idx}] failed: ${(error as Error).message}. Nothing changed: ${pending} rolled back, and every call to this object fails until the migration is fixed. It never ran, so edit it (${quote(migrations[idx]!)}) and deploy again.`,
        );
      }
      sql.exec(`INSERT INTO ${MIGRATIONS_TABLE} (idx, sql, applied_at) VALUES (?, ?, ?)`, idx, migrations[idx]!, now);
    }
  });
  return migrations.length - applied.length;
}

/**
 * The `sqlMigrations` feature: checks each definition's `sql` option when the worker loads, and
 * brings each SQLite-backed instance's schema up to date on activation. Objects without `sql`
 * run it with no migrations, which still catches migrations removed after they ran.
 */
export const sqlMigrationsFeature: Feature<"sqlMigrations"> = (def) => {
  checkSqlOption(def.sql, def.storage);
  const migrations = def.sql?.migrations ?? [];
  return (storage, label) => void applyMigrations(storage, migrations, label);
};
