// Type tests: `tsc --noEmit -p packages/dorm/test/app` (part of npm test) must accept every
// line here, and each `@ts-expect-error` must mark a real error, or tsc fails.
import { defineDurableObject, type ObjectStub, type SqlValue } from "dorm";
import type account from "../app/objects/account";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

export function stateIsTypedFromInit(): void {
  defineDurableObject({
    init: () => ({ count: 0, tags: [] as string[] }),
    // validateState's parameter is the state init returns.
    validateState(state) {
      assertType<Equal<typeof state, { count: number; tags: string[] }>>();
      return state.count >= 0;
    },
    methods: {
      bump(ctx) {
        // Read-only at every depth: a change in place would not be persisted.
        assertType<Equal<typeof ctx.state, { readonly count: number; readonly tags: readonly string[] }>>();
        ctx.setState((s) => ({ ...s, count: s.count + 1 }));
        // @ts-expect-error the state has no such field
        void ctx.state.missing;
        // @ts-expect-error setState takes the whole state
        void ctx.setState({ count: 1 });
        return ctx.state.count;
      },
    },
  });

  defineDurableObject({
    init: () => ({ n: 0 }),
    // @ts-expect-error validateState checks the state init returns
    validateState: (state: { other: string }) => state.other.length > 0,
  });

  // A stub's methods come from the definition; the state type flows into results.
  type Stub = ObjectStub<typeof account>;
  assertType<Equal<ReturnType<Stub["deposit"]>, Promise<number>>>();
}

export function sqlIsTyped(): void {
  defineDurableObject({
    sql: { migrations: ["CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"] },
    methods: {
      query(ctx, id: number, name: string, blob: Uint8Array) {
        const rows = ctx.sql<{ id: number; name: string }>`SELECT id, name FROM t WHERE id = ${id} OR name = ${name}`.toArray();
        assertType<Equal<typeof rows, { id: number; name: string }[]>>();
        ctx.sql`INSERT INTO t (name) VALUES (${blob})`;
        ctx.sql`INSERT INTO t (name) VALUES (${null})`;
        // @ts-expect-error booleans are not SQL values (store 1 and 0)
        ctx.sql`INSERT INTO t (name) VALUES (${true})`;
        // @ts-expect-error a Date is not a SQL value (store getTime() or toISOString())
        ctx.sql`INSERT INTO t (name) VALUES (${new Date()})`;
        // @ts-expect-error ctx.sql is a tagged template, not a function of a string
        ctx.sql("SELECT 1");
        const n = ctx.sql.exec<{ n: number }>("SELECT count(*) AS n FROM t WHERE id > ?", id).one().n;
        assertType<Equal<typeof n, number>>();
        // @ts-expect-error exec binds SQL values only
        ctx.sql.exec("SELECT ?", { id });
        return rows;
      },
    },
  });
  const value: SqlValue = new Uint8Array(1);
  void value;

  // @ts-expect-error migrations are SQL strings
  defineDurableObject({ sql: { migrations: [1] } });
  // @ts-expect-error sql takes { migrations }
  defineDurableObject({ sql: ["CREATE TABLE t (x)"] });
}
