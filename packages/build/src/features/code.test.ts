import { describe, expect, it } from "vitest";
import { codeFeatures, looksLikeCron, relativeImports } from "./code.js";

const features = (source: string) => [...codeFeatures(source)].sort();

describe("codeFeatures", () => {
  it("finds each feature by the members that use it", () => {
    expect(features(`ctx.setState((s) => s)`)).toEqual(["state"]);
    expect(features(`await ctx.storage.get("k")`)).toEqual(["storage"]);
    expect(features("ctx.sql`SELECT 1`")).toEqual(["sql"]);
    expect(features(`ctx.scheduleEvery(1000, "tick")`)).toEqual(["scheduler"]);
    expect(features(`await ctx.setAlarm(Date.now())`)).toEqual(["scheduler"]);
    expect(features(`durableObjects.room.shard(key, 8)`)).toEqual(["sharding"]);
    expect(features(`const { storage, sql } = ctx;`)).toEqual(["sql", "storage"]);
    expect(features(`ctx.acceptWebSocket(server, ["room"])`)).toEqual(["sockets"]);
    expect(features(`ctx.broadcast("joined", { name })`)).toEqual(["connections"]);
    expect(features(`return ctx.connections("room").length + ctx.presence().length;`)).toEqual(["connections"]);
    expect(features(`ctx.connection(id)?.send("x"); ctx.publishRaw("t", data);`)).toEqual(["connections"]);
  });

  it("does not count option keys, comments or other words", () => {
    expect(features(`defineDurableObject({ storage: "kv", sql: { migrations: [] } })`)).toEqual([]);
    expect(features(`durableObjects.room.get("x", { shards: 8 })`)).toEqual([]);
    expect(features(`defineDurableObject({ realtime: { presence: true }, broadcast: 1 })`)).toEqual([]);
    expect(features(`// ctx.storage.put and ctx.schedule live elsewhere\n/* setState */ const localStorage = 1;`)).toEqual([]);
    expect(features(`const scheduled = "storage"; type T = DormStorage;`)).toEqual([]);
  });

  it("reads code inside template literals, and cron strings in any string", () => {
    expect(features("const x = `${ctx.setState(1)}`;")).toEqual(["state"]);
    expect(features(`ctx.schedule("0 9 * * 1", "report")`)).toEqual(["cron", "scheduler"]);
    expect(features("const EVERY = `*/5 * * * *`;")).toEqual(["cron"]);
  });
});

describe("looksLikeCron", () => {
  it.each(["*/5 * * * *", "0 9 * * MON-FRI", "0 0 L * *", "0 0 * * 5#2", "*/10 * * * * *", "@daily", " 0 12 1 JAN,JUL ? "])("%j is cron", (text) => {
    expect(looksLikeCron(text)).toBe(true);
  });
  it.each(["hello there how are you", "1 2 3 4", "a b c d e", "2026-01-01 12:00", "", "@someone"])("%j is not", (text) => {
    expect(looksLikeCron(text)).toBe(false);
  });
});

describe("relativeImports", () => {
  it("lists relative specifiers of imports, dynamic imports and requires; not packages or browser scripts", () => {
    const source = `import a from "./a.ts";\nimport { b } from '../lib/b.js';\nexport * from "./c";\nconst d = await import("./d");\nconst e = require("./e");\nimport x from "dorm";\nimport page from "./page/main.ts?browser";`;
    expect(relativeImports(source)).toEqual(["./a.ts", "../lib/b.js", "./c", "./d", "./e"]);
  });
});
