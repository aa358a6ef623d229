import { defineDurableObject } from "dorm";
import { attempt, errorOf } from "./_probe.js";

// ctx.sql with schema migrations and the tagged template; and the size limits of SQL and of
// SQLite-backed storage. Each probe returns the error message, or what was stored.
interface Note {
  id: number;
  text: string;
  pinned: number;
  [column: string]: number | string;
}

export default defineDurableObject({
  sql: {
    migrations: [
      "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
      "ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0",
    ],
  },
  // init runs after the migrations, so it can use the tables.
  init: (ctx) => ({ notesAtInit: ctx.sql<{ n: number }>`SELECT count(*) AS n FROM notes`.one().n }),
  methods: {
    add(ctx, text: string, pinned = false) {
      ctx.sql`INSERT INTO notes (text, pinned) VALUES (${text}, ${pinned ? 1 : 0})`;
      return ctx.sql<{ id: number }>`SELECT last_insert_rowid() AS id`.one().id;
    },
    find(ctx, text: string) {
      return ctx.sql<Note>`SELECT id, text, pinned FROM notes WHERE text = ${text} ORDER BY id`.toArray();
    },
    count(ctx) {
      return ctx.sql.exec<{ n: number }>("SELECT count(*) AS n FROM notes").one().n;
    },
    schema(ctx) {
      // dorm's own table is read through ctx.raw: ctx.sql refuses it.
      const applied = ctx.raw.storage.sql.exec("SELECT idx, sql FROM __dorm_sql_migrations ORDER BY idx").toArray();
      const columns = ctx.sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('notes')").toArray().map((c) => c.name);
      return { applied, columns, notesAtInit: ctx.state.notesAtInit };
    },
    async wipe(ctx) {
      await ctx.storage.deleteAll();
      // Everything went, tables included; the migrations ran again before init.
      const applied = ctx.raw.storage.sql.exec("SELECT idx FROM __dorm_sql_migrations").toArray().length;
      return { applied, count: ctx.sql.exec<{ n: number }>("SELECT count(*) AS n FROM notes").one().n, state: ctx.state };
    },
    misuse(ctx) {
      const sql = ctx.sql as unknown as (...args: unknown[]) => unknown;
      const tag = (strings: TemplateStringsArray, ...values: unknown[]) => sql(strings, ...values);
      return {
        boolean: errorOf(() => tag`INSERT INTO notes (text) VALUES (${true})`),
        date: errorOf(() => tag`INSERT INTO notes (text) VALUES (${new Date(0)})`),
        object: errorOf(() => tag`INSERT INTO notes (text) VALUES (${{ a: 1 }})`),
        undefined: errorOf(() => tag`INSERT INTO notes (text) VALUES (${undefined})`),
        notTagged: errorOf(() => sql("DELETE FROM notes")),
        quoted: errorOf(() => ctx.sql`INSERT INTO notes (text) VALUES ('${"x"}')`),
        reserved: errorOf(() => ctx.sql`DELETE FROM __DORM_sql_migrations`),
        reservedExec: errorOf(() => ctx.sql.exec("DROP TABLE __dorm_sql_migrations")),
        // A value that looks like SQL is only ever a value.
        injection: ctx.sql<{ text: string }>`SELECT ${"x'); DROP TABLE notes; --"} AS text`.one().text,
        blob: ctx.sql<{ t: string; n: number }>`SELECT typeof(${new Uint8Array([1, 2, 3])}) AS t, length(${new Uint8Array(5).buffer}) AS n`.one(),
      };
    },
    overLimits(ctx) {
      const twoMb = 2_000_001;
      return {
        value: errorOf(() => ctx.sql`INSERT INTO notes (text) VALUES (${"x".repeat(twoMb)})`),
        blob: errorOf(() => ctx.sql.exec("INSERT INTO notes (text) VALUES (?)", new Uint8Array(twoMb))),
        row: errorOf(() => ctx.sql.exec("INSERT INTO notes (text) VALUES (? || ?)", "a".repeat(1_200_000), "b".repeat(1_200_000))),
        parameters: errorOf(() => ctx.sql.exec(`SELECT ${Array(101).fill("?").join(", ")}`, ...Array<number>(101).fill(1))),
        statement: errorOf(() => ctx.sql.exec(`SELECT 1 -- ${"x".repeat(100_000)}`)),
        prepared: errorOf(() => ctx.sql.prepare("SELECT ?").bind(...Array<number>(101).fill(1))),
        count: ctx.sql.exec<{ n: number }>("SELECT count(*) AS n FROM notes").one().n,
      };
    },
    async storageOverLimits(ctx) {
      return {
        // SQLite-backed: key and value together at most 2 MB.
        fits: await attempt(() => ctx.storage.put("fits", new Uint8Array(1_900_000))),
        entry: await attempt(() => ctx.storage.put("big", new Uint8Array(2_000_000))),
        batch: await attempt(() => ctx.storage.put({ small: 1, big: "x".repeat(1_000_001) })),
        transaction: await attempt(() => ctx.storage.transaction((txn) => txn.put("big", new Uint8Array(2_000_000)))),
        longKey: await attempt(() => ctx.storage.put("k".repeat(3_000), 1)),
        // The types refuse a function; the runtime must too (JavaScript callers, casts).
        unserializable: await attempt(() => ctx.storage.put("fn", { cb: () => 1 } as never)),
        state: await attempt(() => ctx.setState({ notesAtInit: -1, blob: new Uint8Array(2_000_000) } as never)),
        stored: [...(await ctx.storage.list()).keys()],
        stateAfter: ctx.state,
      };
    },
  },
});
