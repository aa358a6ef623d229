import { describe, expect, it } from "vitest";
import { checkBindings, createSql, kvOnlySql } from "./sql.js";

/** A SqlStorage that records what it is asked to run. */
function recorder(fail?: Error) {
  const calls: { query: string; bindings: unknown[] }[] = [];
  const storage = {
    exec(query: string, ...bindings: unknown[]) {
      if (fail) throw fail;
      calls.push({ query, bindings });
      return { toArray: () => [], rowsRead: 0, rowsWritten: 0, [Symbol.iterator]: () => [][Symbol.iterator]() };
    },
    databaseSize: 4096,
  };
  return { calls, sql: createSql(() => storage as unknown as SqlStorage) };
}

describe("ctx.sql as a tagged template", () => {
  it("turns every ${} into a ? bound in order, whatever the value contains", () => {
    const { calls, sql } = recorder();
    const name = "x' OR 1=1; --";
    sql`SELECT * FROM t WHERE name = ${name} AND n > ${3} AND b = ${null}`;
    expect(calls).toEqual([{ query: "SELECT * FROM t WHERE name = ? AND n > ? AND b = ?", bindings: [name, 3, null] }]);
  });

  it("keeps exec, prepare().bind() and databaseSize", () => {
    const { calls, sql } = recorder();
    sql.exec("SELECT ?", 1);
    sql.prepare("SELECT ?, ?").bind("a", new Uint8Array(2)).all();
    expect(calls.map((c) => c.query)).toEqual(["SELECT ?", "SELECT ?, ?"]);
    expect(sql.databaseSize).toBe(4096);
  });

  it("refuses to be called with a string (that would be splicing)", () => {
    const { calls, sql } = recorder();
    const untagged = sql as unknown as (query: string) => unknown;
    expect(() => untagged("DELETE FROM t")).toThrow(/DORM_SQL_BAD_QUERY.*tagged template/);
    expect(calls).toEqual([]);
  });

  it("gives SQLite's TOOBIG dorm's row-size code", () => {
    const { sql } = recorder(new Error("string or blob too big: SQLITE_TOOBIG"));
    expect(() => sql`INSERT INTO t VALUES (${"x"})`).toThrow(/^\[DORM_SQL_ROW_TOO_LARGE\].*2,000,000 bytes/);
  });

  it("says DORM_NO_SQL first in a KV-backed object", () => {
    const sql = createSql(kvOnlySql("cache"));
    expect(() => sql`SELECT 1`).toThrow(/DORM_NO_SQL.*"cache"/);
    expect(() => sql.prepare("SELECT 1")).toThrow(/DORM_NO_SQL/);
  });
});

describe("checkBindings", () => {
  it.each([
    [true, /parameter 1 is a boolean.*Number\(flag\)/],
    [undefined, /parameter 1 is undefined.*null/],
    [Number.NaN, /parameter 1 is NaN.*stored as NULL/],
    [10n, /parameter 1 is a bigint/],
    [new Date(0), /parameter 1 is a Date/],
    [{ a: 1 }, /parameter 1 is an object.*JSON\.stringify/],
    [Symbol("s"), /parameter 1 is a symbol/],
  ])("refuses %s", (value, message) => {
    expect(() => checkBindings([value], "here")).toThrow(message);
  });

  it("accepts strings, numbers, null, ArrayBuffers and views", () => {
    expect(() => checkBindings(["s", 0, -1.5, Infinity, null, new ArrayBuffer(1), new Uint8Array(1), new DataView(new ArrayBuffer(2))], "here")).not.toThrow();
  });

  it("counts a string's UTF-8 bytes against the 2 MB value limit", () => {
    expect(() => checkBindings(["é".repeat(1_000_000)], "here")).not.toThrow();
    expect(() => checkBindings(["é".repeat(1_000_001)], "here")).toThrow(/DORM_SQL_VALUE_TOO_LARGE.*2,000,002 bytes/);
    expect(() => checkBindings([new Uint8Array(2_000_001)], "here")).toThrow(/DORM_SQL_VALUE_TOO_LARGE/);
  });

  it("allows 100 parameters, not 101", () => {
    expect(() => checkBindings(Array(100).fill(1), "here")).not.toThrow();
    expect(() => checkBindings(Array(101).fill(1), "here")).toThrow(/DORM_SQL_TOO_MANY_PARAMETERS/);
  });
});
