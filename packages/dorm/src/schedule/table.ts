import type { ScheduledTask, ScheduleKind } from "./types.js";

// The scheduler's SQLite table. Every statement the scheduler runs lives here.

export const TABLE = "__dorm_schedules";
/** The row behind `ctx.setAlarm`: the object's own alarm, kept beside the schedules. */
export const ALARM_ID = "__dorm:alarm";

export interface Row {
  id: string;
  kind: ScheduleKind | "alarm";
  method: string;
  payload: string | null;
  due: number;
  interval_ms: number | null;
  cron: string | null;
  timezone: string | null;
  attempts: number;
  retries: number;
  backoff_ms: number;
}

const CREATE = `CREATE TABLE IF NOT EXISTS ${TABLE} (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  method TEXT NOT NULL,
  payload TEXT,
  due INTEGER NOT NULL,
  interval_ms INTEGER,
  cron TEXT,
  timezone TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  retries INTEGER NOT NULL,
  backoff_ms INTEGER NOT NULL
)`;
const CREATE_INDEX = `CREATE INDEX IF NOT EXISTS ${TABLE}_due ON ${TABLE} (due)`;

export class ScheduleTable {
  #created = false;
  private readonly sql: () => SqlStorage;
  constructor(sql: () => SqlStorage) {
    this.sql = sql;
  }

  /** Whether the table exists (an object that never scheduled has none). */
  exists(): boolean {
    if (this.#created) return true;
    const found = this.sql().exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, TABLE).toArray().length > 0;
    this.#created = found;
    return found;
  }

  #ensure(): SqlStorage {
    const sql = this.sql();
    if (!this.#created) {
      sql.exec(CREATE);
      sql.exec(CREATE_INDEX);
      this.#created = true;
    }
    return sql;
  }

  get(id: string): Row | undefined {
    if (!this.exists()) return undefined;
    return this.sql().exec<Row & Record<string, SqlStorageValue>>(`SELECT * FROM ${TABLE} WHERE id = ?`, id).toArray()[0];
  }

  upsert(row: Row): void {
    this.#ensure().exec(
      `INSERT OR REPLACE INTO ${TABLE} (id, kind, method, payload, due, interval_ms, cron, timezone, attempts, retries, backoff_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      row.id, row.kind, row.method, row.payload, row.due, row.interval_ms, row.cron, row.timezone, row.attempts, row.retries, row.backoff_ms,
    );
  }

  /** Moves a row to its next due time; a no-op when the row was cancelled meanwhile. */
  reschedule(id: string, due: number, attempts: number): void {
    this.#ensure().exec(`UPDATE ${TABLE} SET due = ?, attempts = ? WHERE id = ?`, due, attempts, id);
  }

  delete(id: string): boolean {
    if (!this.exists()) return false;
    return this.sql().exec(`DELETE FROM ${TABLE} WHERE id = ?`, id).rowsWritten > 0;
  }

  /** Rows due at `now`, earliest first (ties in the order they were scheduled). */
  due(now: number, limit: number): Row[] {
    if (!this.exists()) return [];
    return this.sql()
      .exec<Row & Record<string, SqlStorageValue>>(`SELECT * FROM ${TABLE} WHERE due <= ? ORDER BY due, rowid LIMIT ?`, now, limit)
      .toArray();
  }

  /** The earliest due time, or null when nothing is scheduled. */
  earliest(): number | null {
    if (!this.exists()) return null;
    const row = this.sql().exec<{ due: number | null }>(`SELECT MIN(due) AS due FROM ${TABLE}`).one();
    return row.due;
  }

  list(): Row[] {
    if (!this.exists()) return [];
    return this.sql()
      .exec<Row & Record<string, SqlStorageValue>>(`SELECT * FROM ${TABLE} WHERE kind != 'alarm' ORDER BY due, rowid`)
      .toArray();
  }
}

export function taskOf(row: Row): ScheduledTask {
  return {
    id: row.id,
    kind: row.kind as ScheduleKind,
    method: row.method,
    payload: row.payload === null ? undefined : JSON.parse(row.payload),
    due: row.due,
    ...(row.interval_ms !== null ? { intervalMs: row.interval_ms } : {}),
    ...(row.cron !== null ? { cron: row.cron, timezone: row.timezone ?? "UTC" } : {}),
    attempts: row.attempts,
    retries: row.retries,
    backoffMs: row.backoff_ms,
  };
}
