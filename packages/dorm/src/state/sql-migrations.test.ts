import { describe, expect, it } from "vitest";
import { defineDurableObject } from "../object/define.js";
import { applyMigrations, checkSqlOption, sqlMigrationsFeature } from "./sql-migrations.js";

describe("sql option, checked when the module loads", () => {
  it("accepts a list of SQL strings, or nothing", () => {
    expect(() => checkSqlOption(undefined, "kv")).not.toThrow();
    expect(() => checkSqlOption({ migrations: [] }, undefined)).not.toThrow();
    expect(() => checkSqlOption({ migrations: ["CREATE TABLE t (x)", "ALTER TABLE t ADD y"] }, "sqlite")).not.toThrow();
  });

  it.each([
    [{ migrations: ["CREATE TABLE t (x)"] }, "kv", /needs SQLite storage.*storage: "kv"/],
    [["CREATE TABLE t (x)"], undefined, /expected \{ migrations: \[/],
    [{ migrations: "CREATE TABLE t (x)" }, undefined, /expected \{ migrations: \[/],
    [{ migrations: ["CREATE TABLE t (x)", "  "] }, undefined, /sql\.migrations\[1\] must be a non-empty SQL string/],
    [{ migrations: [42] }, undefined, /sql\.migrations\[0\] must be a non-empty SQL string, got 42/],
    [{ migrations: ["DROP TABLE __dorm_sql_migrations"] }, undefined, /sql\.migrations\[0\].*DORM_SQL_RESERVED|DORM_SQL_RESERVED.*sql\.migrations\[0\]/],
    [{ migrations: [`SELECT '${"x".repeat(100_000)}'`] }, undefined, /DORM_SQL_STATEMENT_TOO_LONG/],
  ])("refuses %j with storage %s", (sql, storage, message) => {
    expect(() => checkSqlOption(sql, storage)).toThrow(message);
  });

  it("the sqlMigrations feature refuses sql.migrations on a KV-backed object when the worker loads; defineDurableObject a validateState that is not a function", () => {
    const define = defineDurableObject as (options: object) => unknown;
    const kv = define({ storage: "kv", sql: { migrations: ["CREATE TABLE t (x)"] } }) as Parameters<typeof sqlMigrationsFeature>[0];
    expect(() => sqlMigrationsFeature(kv, { object: "notes", methods: [] })).toThrow(/^\[DORM_BAD_DEFINITION\].*storage: "kv"/);
    expect(() => define({ validateState: true })).toThrow(/"validateState" must be a function/);
  });
});

describe("applyMigrations on storage without SQL", () => {
  // What workerd's in-memory test storage (unsafeEphemeralDurableObjects) and KV-backed classes do.
  const noSql = {
    sql: {
      exec() {
        throw new Error("This Durable Object is not backed by SQLite storage, so the SQL API is not available.");
      },
    },
  } as unknown as DurableObjectStorage;

  it("leaves an object without migrations alone", () => {
    expect(applyMigrations(noSql, [], "room")).toBe(0);
  });

  it("fails an object that declares migrations, saying why", () => {
    expect(() => applyMigrations(noSql, ["CREATE TABLE t (x)"], "room")).toThrow(/^\[DORM_NO_SQL\] room: sql\.migrations needs SQLite storage.*not backed by SQLite/);
  });
});
