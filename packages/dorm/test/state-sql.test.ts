import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../build/src/build.js";
import { miniflareOptions } from "../../build/src/local.js";

// ctx.sql (tagged template, migrations), validateState and the storage limits, in real workerd.
const APP = fileURLToPath(new URL("./app/", import.meta.url));
// Persisted, so a restart of workerd is a real cold start of every object.
const persistTo = join(fileURLToPath(new URL("../../..", import.meta.url)), ".tmp/persist", randomUUID());
let mf: Miniflare;

type Stub = Record<string, (...args: unknown[]) => Promise<unknown>>;
async function stub(binding: string, name: string = randomUUID()): Promise<Stub> {
  const ns = await mf.getDurableObjectNamespace(binding);
  return ns.get(ns.idFromName(name)) as unknown as Stub;
}

/** What an RPC call from the app's worker returns, or the message it throws. */
async function call(object: string, name: string, method: string, ...args: unknown[]): Promise<unknown> {
  const response = await mf.dispatchFetch("http://localhost/call", { method: "POST", body: JSON.stringify({ object, name, method, args }) });
  const body = (await response.json()) as { value?: unknown; error?: { message: string } };
  return body.error ? body.error.message : body.value;
}

beforeAll(async () => {
  await buildApp(APP);
  mf = new Miniflare(await miniflareOptions(APP, { persistTo }));
});
afterAll(async () => {
  await mf?.dispose();
  await rm(persistTo, { recursive: true, force: true });
});

describe("ctx.sql tagged template", () => {
  it("binds every ${} as a parameter; migrations ran before init", async () => {
    const notes = await stub("NOTES");
    expect(await notes.add!("hello")).toBe(1);
    expect(await notes.add!("pinned one", true)).toBe(2);
    expect(await notes.find!("pinned one")).toEqual([{ id: 2, text: "pinned one", pinned: 1 }]);
    expect(await notes.schema!()).toEqual({
      applied: [
        { idx: 0, sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)" },
        { idx: 1, sql: "ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0" },
      ],
      columns: ["id", "text", "pinned"],
      notesAtInit: 0,
    });
    // deleteAll drops the tables too; the object starts over: migrations, then init.
    expect(await notes.wipe!()).toEqual({ applied: 2, count: 0, state: { notesAtInit: 0 } });
    expect(await notes.add!("after wipe")).toBe(1);
  });

  it("refuses values SQLite would store wrongly, untagged calls and dorm's tables; SQL in a value stays a value", async () => {
    const notes = await stub("NOTES");
    const misuse = (await notes.misuse!()) as Record<string, unknown>;
    expect(misuse.boolean).toMatch(/^\[DORM_SQL_BAD_VALUE\] ctx\.sql`…`: parameter 1 is a boolean.*Number\(flag\)/);
    expect(misuse.date).toMatch(/DORM_SQL_BAD_VALUE.*a Date.*toISOString/);
    expect(misuse.object).toMatch(/DORM_SQL_BAD_VALUE.*\[object Object\].*JSON\.stringify/);
    expect(misuse.undefined).toMatch(/DORM_SQL_BAD_VALUE.*undefined.*null/);
    expect(misuse.notTagged).toMatch(/DORM_SQL_BAD_QUERY.*tagged template.*ctx\.sql\.exec/);
    expect(misuse.quoted).toMatch(/DORM_SQL_BAD_QUERY.*do not quote it/);
    expect(misuse.reserved).toMatch(/DORM_SQL_RESERVED.*__dorm_/);
    expect(misuse.reservedExec).toMatch(/DORM_SQL_RESERVED/);
    expect(misuse.injection).toBe("x'); DROP TABLE notes; --");
    expect(misuse.blob).toEqual({ t: "blob", n: 5 });
    expect(await notes.count!()).toBe(0);
  });
});

describe("limits local workerd does not enforce: the documented error, nothing stored", () => {
  it("SQL: value, row, parameters, statement length", async () => {
    const notes = await stub("NOTES");
    const over = (await notes.overLimits!()) as Record<string, string | number>;
    expect(over.value).toMatch(/^\[DORM_SQL_VALUE_TOO_LARGE\] ctx\.sql`…`: parameter 1 has 2,000,001 bytes.*2,000,000/);
    expect(over.blob).toMatch(/^\[DORM_SQL_VALUE_TOO_LARGE\] ctx\.sql\.exec: parameter 1 has 2,000,001 bytes/);
    expect(over.row).toMatch(/^\[DORM_SQL_ROW_TOO_LARGE\].*SQLITE_TOOBIG/);
    expect(over.parameters).toMatch(/^\[DORM_SQL_TOO_MANY_PARAMETERS\].*at most 100 .*got 101/);
    expect(over.statement).toMatch(/^\[DORM_SQL_STATEMENT_TOO_LONG\].*100,000 bytes/);
    expect(over.prepared).toMatch(/^\[DORM_SQL_TOO_MANY_PARAMETERS\] ctx\.sql\.prepare\(\)\.bind/);
    expect(over.count).toBe(0);
  });

  it("SQLite-backed storage: key and value together at most 2 MB, state included", async () => {
    const notes = await stub("NOTES");
    const over = (await notes.storageOverLimits!()) as Record<string, unknown>;
    expect(over.fits).toBe("accepted");
    expect(over.entry).toMatch(/^\[DORM_ENTRY_TOO_LARGE\] storage\.put: the value of key "big" takes more than 2,000,000 bytes/);
    expect(over.batch).toMatch(/^\[DORM_ENTRY_TOO_LARGE\] storage\.put: the value of key "big"/);
    expect(over.transaction).toMatch(/^\[DORM_ENTRY_TOO_LARGE\]/);
    // A long key is fine in SQLite storage (the limit is on key and value together).
    expect(over.longKey).toBe("accepted");
    expect(over.unserializable).toMatch(/^\[DORM_UNSERIALIZABLE\] storage\.put: the value of key "fn" holds a function at \.cb/);
    expect(over.state).toMatch(/^\[DORM_ENTRY_TOO_LARGE\] ctx\.setState: the state takes more than 2,000,000 bytes/);
    // Nothing of the refused writes landed: not "big", not the batch's small entry.
    expect((over.stored as string[]).map((k) => (k.length > 10 ? `k×${k.length}` : k)).sort()).toEqual(["fits", "k×3000"]);
    expect(over.stateAfter).toEqual({ notesAtInit: 0 });
  });

  it("KV-backed storage: key 2 KiB, value 128 KiB (serialized), state included", async () => {
    const kv = await stub("KV_STORE");
    const over = (await kv.overLimits!()) as Record<string, unknown>;
    expect(over.fits).toBe("accepted");
    expect(over.value).toMatch(/^\[DORM_VALUE_TOO_LARGE\] storage\.put: the value of key "value" takes more than 131,072 bytes \(128 KiB\)/);
    // Counted conservatively: V8 may hold any string in two-byte form.
    expect(over.text).toMatch(/^\[DORM_VALUE_TOO_LARGE\].*2 bytes per string character/);
    expect(over.key).toMatch(/^\[DORM_KEY_TOO_LONG\] storage\.put: a storage key is at most 2,048 bytes/);
    expect(over.keyRead).toMatch(/^\[DORM_KEY_TOO_LONG\] storage\.get/);
    expect(over.state).toMatch(/^\[DORM_VALUE_TOO_LARGE\] ctx\.setState: the state takes more than 131,072 bytes/);
    expect(over.stored).toEqual(["fits"]);
    expect(over.stateAfter).toEqual({ hits: 0 });
  });
});

describe("init", () => {
  it("the state init returns is checked like any other: refused, every call fails with the reason, nothing is stored", async () => {
    const name = `overdrawn-${randomUUID()}`;
    const refused = `[DORM_INVALID_STATE] init: validateState refused the new state of account "${name}"; the last good state is kept.`;
    expect(await call("account", name, "deposit", 5)).toBe(refused);
    expect(await call("account", name, "stored")).toBe(refused);
  });

  it("a stored state wins over init: after a cold start, init does not run again", async () => {
    const name = randomUUID();
    expect(await (await stub("KITCHEN", name)).bumpState!()).toBe(101);
    await mf.dispose();
    mf = new Miniflare(await miniflareOptions(APP, { persistTo }));
    expect(await (await stub("KITCHEN", name)).bumpState!()).toBe(201);
  });
});

describe("validateState", () => {
  it("a refused state throws to the caller (awaited or not) and the last good state stays, in memory and storage", async () => {
    const name = `ada-${randomUUID()}`;
    const account = await stub("ACCOUNT", name);
    expect(await account.deposit!(50)).toBe(50);
    // returns false: DORM_INVALID_STATE, whether the method awaited setState or not
    expect(await call("account", name, "withdraw", 80)).toBe(
      `[DORM_INVALID_STATE] ctx.setState: validateState refused the new state of account "${name}"; the last good state is kept.`,
    );
    expect(await call("account", name, "deposit", 0.5)).toMatch(/^\[DORM_INVALID_STATE\]/);
    // throws: that error reaches the caller as it is
    expect(await call("account", name, "deposit", 2_000_000)).toBe("balance 2000050 is over the 1,000,000 cap");
    const good = { owner: name, balance: 50 };
    expect(await account.stored!()).toEqual({ memory: good, storage: good });
    expect(await account.withdraw!(20)).toBe(30);
  });

  it("a state storage cannot serialize (a function inside) is refused at once, saying where; nothing changes", async () => {
    const account = await stub("ACCOUNT", "grace");
    await account.deposit!(7);
    expect(await account.unserializable!()).toEqual({
      error: expect.stringMatching(/^\[DORM_UNSERIALIZABLE\] ctx\.setState: the state holds a function at \.owner, which storage cannot keep/),
      memory: { owner: "grace", balance: 7 },
    });
    expect(await account.stored!()).toEqual({ memory: { owner: "grace", balance: 7 }, storage: { owner: "grace", balance: 7 } });
  });
});
