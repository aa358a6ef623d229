import { DormError } from "./errors.js";

export type SqlValue = SqlStorageValue;
export type SqlRow = Record<string, SqlStorageValue>;

/** A query with its parameters bound; run it with `all`, `first` or `run`. */
export class SqlStatement {
  constructor(
    private readonly sql: SqlStorage,
    readonly query: string,
    readonly bindings: readonly SqlValue[] = [],
  ) {}

  /** A new statement with these parameters, one for each `?` in the query, in order. */
  bind(...values: SqlValue[]): SqlStatement {
    return new SqlStatement(this.sql, this.query, values);
  }

  /** Every row. */
  all<Row extends SqlRow = SqlRow>(): Row[] {
    return this.sql.exec<Row>(this.query, ...this.bindings).toArray();
  }

  /** The first row, or `null` when there is none. */
  first<Row extends SqlRow = SqlRow>(): Row | null {
    for (const row of this.sql.exec<Row>(this.query, ...this.bindings)) return row;
    return null;
  }

  /** Run for its effect; says how many rows were read and written. */
  run(): { rowsRead: number; rowsWritten: number } {
    const cursor = this.sql.exec(this.query, ...this.bindings);
    for (const _row of cursor) {
      // drain: counts are final only once the cursor is consumed
    }
    return { rowsRead: cursor.rowsRead, rowsWritten: cursor.rowsWritten };
  }
}

/**
 * `ctx.sql`: the object's SQLite database.
 *
 * @example
 * ctx.sql.exec("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, text TEXT)");
 * const rows = ctx.sql.prepare("SELECT * FROM messages WHERE id > ?").bind(10).all<{ id: number; text: string }>();
 */
export class DormSql {
  constructor(private readonly getSql: () => SqlStorage) {}

  /** Run a query (each `?` takes the next of `bindings`) and get a typed cursor. */
  exec<Row extends SqlRow = SqlRow>(query: string, ...bindings: SqlValue[]): SqlStorageCursor<Row> {
    return this.getSql().exec<Row>(query, ...bindings);
  }

  /** Prepare a statement to bind and run later. */
  prepare(query: string): SqlStatement {
    return new SqlStatement(this.getSql(), query);
  }

  /** Bytes the database takes on disk. */
  get databaseSize(): number {
    return this.getSql().databaseSize;
  }
}

/** The `ctx.sql` of an object declared with `storage: "kv"`: every use says how to fix it. */
export function kvOnlySql(objectName: string): () => SqlStorage {
  return () => {
    throw new DormError(
      "DORM_NO_SQL",
      `ctx.sql is not available in "${objectName}": it is declared with storage: "kv". Use ctx.storage, or make a new object with SQLite storage (the default) and move the data to it; a class cannot change storage kind.`,
    );
  };
}
