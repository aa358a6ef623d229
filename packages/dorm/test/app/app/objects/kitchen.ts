import { defineDurableObject } from "dorm";

// Exercises ctx.storage, ctx.sql and state; each method returns what the test checks.
export default defineDurableObject({
  init: () => ({ inits: 1 }),
  methods: {
    async putAndList(ctx) {
      await ctx.storage.put("b", 2);
      await ctx.storage.put({ a: 1, c: 3, "p:1": "x", "p:2": "y" });
      const all = [...(await ctx.storage.list()).keys()];
      const limited = [...(await ctx.storage.list({ limit: 2 })).keys()];
      const reversed = [...(await ctx.storage.list({ reverse: true, limit: 2 })).keys()];
      const prefixed = [...(await ctx.storage.list({ prefix: "p:" })).entries()];
      const range = [...(await ctx.storage.list({ start: "b", end: "p:1" })).keys()];
      const batch = Object.fromEntries(await ctx.storage.get(["a", "c", "missing"]));
      const one = await ctx.storage.get<number>("b");
      const deletedOne = await ctx.storage.delete("b");
      const deletedMany = await ctx.storage.delete(["a", "c", "missing"]);
      return { all, limited, reversed, prefixed, range, batch, one, deletedOne, deletedMany };
    },
    async reservedKey(ctx) {
      try {
        await ctx.storage.put("__dorm:state", 1);
        return "accepted";
      } catch (error) {
        return (error as Error).message;
      }
    },
    async transfer(ctx, fail: boolean) {
      await ctx.storage.put({ from: 10, to: 0 });
      try {
        await ctx.storage.transaction(async (txn) => {
          const from = (await txn.get<number>("from"))!;
          await txn.put({ from: from - 5, to: 5 });
          if (fail) throw new Error("abort");
        });
      } catch {
        // rolled back
      }
      return Object.fromEntries(await ctx.storage.get(["from", "to"]));
    },
    sql(ctx, text: string) {
      ctx.sql.exec("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)");
      ctx.sql.exec("INSERT INTO notes (text) VALUES (?)", text);
      const rows = ctx.sql.prepare("SELECT id, text FROM notes WHERE text = ?").bind(text).all<{ id: number; text: string }>();
      const first = ctx.sql.prepare("SELECT count(*) AS n FROM notes").first<{ n: number }>();
      const changed = ctx.sql.prepare("UPDATE notes SET text = ? WHERE text = ?").bind(text.toUpperCase(), text).run();
      return { rows, count: first?.n, rowsWritten: changed.rowsWritten };
    },
    async bumpState(ctx) {
      await ctx.setState((s) => ({ inits: s.inits + 100 }));
      return ctx.state.inits;
    },
    async wipe(ctx) {
      await ctx.storage.put("k", 1);
      await ctx.storage.deleteAll();
      return { state: ctx.state, keys: [...(await ctx.storage.list()).keys()] };
    },
    whoAmI(ctx) {
      return ctx.name;
    },
  },
});
