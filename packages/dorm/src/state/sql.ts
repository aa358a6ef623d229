import { groupDigits } from "../digits.js";
import { DormError } from "../errors.js";
import { MAX_SQL_PARAMETERS, MAX_SQL_STATEMENT_BYTES, MAX_SQL_VALUE_BYTES } from "../limits.js";
import { utf8Length } from "./utf8.js";
import type { Feature } from "../object/features.js";

/** A value bound to a query parameter. Typed arrays and `DataView`s are stored as BLOBs. */
export type SqlValue = SqlStorageValue | ArrayBufferView;
export type SqlRow = Record<string, SqlStorageValue>;

/** Tables and indexes dorm keeps in every SQLite-backed object start with this. */
export const INTERNAL_TABLE_PREFIX = "__dorm_";
// SQLite identifiers are case-insensitive.
const RESERVED = /__dorm_/i;

const TAG_WHERE = "ctx.sql`…`";

/** Checks a query's text: a string, within the statement length, not touching dorm's tables. */
export function checkQuery(query: unknown, where: string): asserts query is string {
  if (typeof query !== "string") {
    throw new DormError("DORM_SQL_BAD_QUERY", `${where}: the query must be a string, got ${typeof query}.`);
  }
  if (query.length * 3 > MAX_SQL_STATEMENT_BYTES && utf8Length(query) > MAX_SQL_STATEMENT_BYTES) {
    throw new DormError(
      "DORM_SQL_STATEMENT_TOO_LONG",
      `${where}: a SQL statement is at most ${groupDigits(MAX_SQL_STATEMENT_BYTES)} bytes (UTF-8), this one has ${groupDigits(utf8Length(query))}. Bind large values as parameters instead of writing them into the SQL, or split the statement.`,
    );
  }
  if (RESERVED.test(query)) {
    throw new DormError(
      "DORM_SQL_RESERVED",
      `${where}: names starting with "${INTERNAL_TABLE_PREFIX}" belong to dorm's own tables (schema migrations, schedules); use the ctx API for them, and other names for yours.`,
    );
  }
}

function describe(value: unknown): string {
  if (value instanceof Date) return "a Date";
  if (typeof value === "object") return `an object (${Object.prototype.toString.call(value)})`;
  return typeof value === "number" || value === undefined ? String(value) : `a ${typeof value}`;
}

const HINTS: Record<string, string> = {
  undefined: "pass null for NULL",
  NaN: "it would be stored as NULL; pass null if that is meant",
  "a boolean": "store booleans as 1 and 0: Number(flag)",
  "a bigint": "use Number(n) when it is a safe integer, or String(n)",
  "a Date": "store date.getTime() or date.toISOString()",
};

function badValue(value: unknown, index: number, where: string): DormError {
  const kind = describe(value);
  const hint = HINTS[kind] ?? (typeof value === "object" ? "store JSON.stringify(value)" : "convert it first");
  return new DormError(
    "DORM_SQL_BAD_VALUE",
    `${where}: parameter ${index + 1} is ${kind}; bind a string, a number, null, an ArrayBuffer or a typed array (${hint}). Nothing was run.`,
  );
}

function checkSize(size: number, index: number, where: string): void {
  if (size <= MAX_SQL_VALUE_BYTES) return;
  throw new DormError(
    "DORM_SQL_VALUE_TOO_LARGE",
    `${where}: parameter ${index + 1} has ${groupDigits(size)} bytes; a SQL string or BLOB is at most ${groupDigits(MAX_SQL_VALUE_BYTES)} bytes (2 MB). Nothing was run. Split the value over several rows.`,
  );
}

/**
 * Checks bound values: how many, their types (workerd would silently store `true` as the text
 * "true", a Date as its locale string and NaN as NULL), and their sizes.
 */
export function checkBindings(values: readonly unknown[], where: string): void {
  if (values.length > MAX_SQL_PARAMETERS) {
    throw new DormError(
      "DORM_SQL_TOO_MANY_PARAMETERS",
      `${where}: at most ${MAX_SQL_PARAMETERS} bound parameters per query, got ${values.length}. Insert rows in smaller batches (a statement per row inside ctx.raw.storage.transactionSync is fast in SQLite).`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === "string") {
      // Three bytes per UTF-16 unit is the most UTF-8 can take: most strings need no counting.
      if (value.length * 3 > MAX_SQL_VALUE_BYTES) checkSize(utf8Length(value), i, where);
    } else if (typeof value === "number") {
      if (Number.isNaN(value)) throw badValue(value, i, where);
    } else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      checkSize(value.byteLength, i, where);
    } else if (value !== null) {
      throw badValue(value, i, where);
    }
  }
}

/** A failed statement: SQLite's own error, with dorm's code when it is about a size limit. */
function sqlError(error: unknown, query: string, where: string): unknown {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes("SQLITE_TOOBIG")) {
    return new DormError(
      "DORM_SQL_ROW_TOO_LARGE",
      `${where}: a string, BLOB or table row would exceed ${groupDigits(MAX_SQL_VALUE_BYTES)} bytes (2 MB), the most SQLite stores in a Durable Object; nothing was written (${message}). Split the row, or keep large data over several rows.`,
    );
  }
  if (where === TAG_WHERE && message.includes("Wrong number of parameter bindings")) {
    return new DormError(
      "DORM_SQL_BAD_QUERY",
      `${where}: ${message} Each \${} in ctx.sql\`…\` is already a bound parameter: do not quote it, and do not mix it with "?". Query: ${query.slice(0, 200)}`,
    );
  }
  return error;
}

type Execute = <Row extends SqlRow>(query: string, bindings: readonly unknown[], where: string) => SqlStorageCursor<Row>;

/** A query with its parameters bound; run it with `all`, `first` or `run`. */
export class SqlStatement {
  readonly #execute: Execute;
  readonly query: string;
  readonly bindings: readonly SqlValue[];
  constructor(execute: Execute, query: string, bindings: readonly SqlValue[] = []) {
    this.#execute = execute;
    this.query = query;
    this.bindings = bindings;
  }

  /** A new statement with these parameters, one for each `?` in the query, in order. */
  bind(...values: SqlValue[]): SqlStatement {
    checkBindings(values, "ctx.sql.prepare().bind");
    return new SqlStatement(this.#execute, this.query, values);
  }

  /** Every row. */
  all<Row extends SqlRow = SqlRow>(): Row[] {
    return this.#execute<Row>(this.query, this.bindings, "ctx.sql.prepare().all").toArray();
  }

  /** The first row, or `null` when there is none. */
  first<Row extends SqlRow = SqlRow>(): Row | null {
    for (const row of this.#execute<Row>(this.query, this.bindings, "ctx.sql.prepare().first")) return row;
    return null;
  }

  /** Run for its effect; says how many rows were read and written. */
  run(): { rowsRead: number; rowsWritten: number } {
    const cursor = this.#execute(this.query, this.bindings, "ctx.sql.prepare().run");
    for (const _row of cursor) {
      // drain: counts are final only once the cursor is consumed
    }
    return { rowsRead: cursor.rowsRead, rowsWritten: cursor.rowsWritten };
  }
}

/**
 * `ctx.sql`: the object's SQLite database. Call it as a tagged template: every `${}` becomes a
 * bound parameter, so values can never be spliced into the SQL text.
 *
 * @example
 * const rows = ctx.sql<{ id: number; text: string }>`SELECT id, text FROM messages WHERE room = ${room}`.toArray();
 * ctx.sql`INSERT INTO messages (room, text) VALUES (${room}, ${text})`;
 * ctx.sql.exec("SELECT count(*) AS n FROM messages").one().n;
 */
export interface DormSql {
  /** Run the query now; each `${value}` is bound as a parameter. Returns the typed cursor. */
  <Row extends SqlRow = SqlRow>(strings: TemplateStringsArray, ...values: SqlValue[]): SqlStorageCursor<Row>;
  /** Run a query (each `?` takes the next of `bindings`) and get a typed cursor. */
  exec<Row extends SqlRow = SqlRow>(query: string, ...bindings: SqlValue[]): SqlStorageCursor<Row>;
  /** Prepare a statement to bind and run later. */
  prepare(query: string): SqlStatement;
  /** Bytes the database takes on disk. */
  readonly databaseSize: number;
}

// A template call site always passes the same strings array: its query is checked once.
const templateQueries = new WeakMap<TemplateStringsArray, string>();

function templateQuery(strings: TemplateStringsArray): string {
  let query = templateQueries.get(strings);
  if (query === undefined) {
    if (!Array.isArray(strings) || !Array.isArray((strings as { raw?: unknown }).raw)) {
      throw new DormError(
        "DORM_SQL_BAD_QUERY",
        `ctx.sql is a tagged template: write ctx.sql\`SELECT … WHERE id = \${id}\` (no parentheses). To run SQL held in a string, use ctx.sql.exec(query, ...bindings).`,
      );
    }
    query = strings.join("?");
    checkQuery(query, TAG_WHERE);
    templateQueries.set(strings, query);
  }
  return query;
}

/** Builds `ctx.sql` over the object's `SqlStorage` (which `getSql` may refuse, for KV objects). */
export function createSql(getSql: () => SqlStorage): DormSql {
  const execute: Execute = <Row extends SqlRow>(query: string, bindings: readonly unknown[], where: string) => {
    const sql = getSql();
    try {
      return sql.exec<Row>(query, ...bindings);
    } catch (error) {
      throw sqlError(error, query, where);
    }
  };
  const tag = (strings: TemplateStringsArray, ...values: SqlValue[]) => {
    const query = templateQuery(strings);
    checkBindings(values, TAG_WHERE);
    return execute(query, values, TAG_WHERE);
  };
  return Object.defineProperties(tag, {
    exec: {
      value: (query: string, ...bindings: SqlValue[]) => {
        checkQuery(query, "ctx.sql.exec");
        checkBindings(bindings, "ctx.sql.exec");
        return execute(query, bindings, "ctx.sql.exec");
      },
    },
    prepare: {
      value: (query: string) => {
        getSql();
        checkQuery(query, "ctx.sql.prepare");
        return new SqlStatement(execute, query);
      },
    },
    databaseSize: { get: () => getSql().databaseSize },
  }) as unknown as DormSql;
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

/** The `sql` feature (object/features.ts): `ctx.sql`, with bound parameters and the SQL limits checked. */
export const sqlFeature: Feature<"sql"> = (_def, info) => (raw, kind) => createSql(kind === "kv" ? kvOnlySql(info.object) : () => raw.storage.sql);
