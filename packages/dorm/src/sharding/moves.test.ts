import { describe, expect, it } from "vitest";
import { reshard, shardMoves, type ReshardOptions } from "./moves.js";
import { shardFor } from "./shard.js";

/** An in-memory stand-in for a namespace of shard objects, each holding some keys' state. */
function fakeNamespace() {
  const objects = new Map<string, Map<string, string>>();
  const faults = { list: new Set<string>(), move: new Set<string>() };
  const data = (name: string) => {
    let map = objects.get(name);
    if (!map) objects.set(name, (map = new Map()));
    return map;
  };
  const getByName = (name: string) => ({
    name,
    async list() {
      if (faults.list.has(name)) throw new Error(`${name} is unreachable`);
      return [...data(name).keys()];
    },
    async export(keys: readonly string[]) {
      if (faults.move.has(name)) throw new Error(`${name} refused to export`);
      return keys.map((k) => [k, data(name).get(k)!] as const);
    },
    async import(entries: readonly (readonly [string, string])[]) {
      for (const [k, v] of entries) data(name).set(k, v);
    },
    async drop(keys: readonly string[]) {
      for (const k of keys) data(name).delete(k);
    },
  });
  /** Where each key is, by shard number. */
  const layout = () => {
    const where = new Map<string, number[]>();
    for (const [name, map] of objects) {
      for (const key of map.keys()) where.set(key, [...(where.get(key) ?? []), Number(name.slice("shard:".length))]);
    }
    return where;
  };
  return { namespace: { getByName }, data, faults, layout };
}

type Stub = ReturnType<ReturnType<typeof fakeNamespace>["namespace"]["getByName"]>;
const options = (from: number, to: number): ReshardOptions<Stub> => ({
  from,
  to,
  keys: (stub) => stub.list(),
  move: async ({ keys, source, target }) => {
    await target.import(await source.export(keys));
    await source.drop(keys);
  },
  batchSize: 50,
  retryDelayMs: 0,
});

const KEYS = Array.from({ length: 2_000 }, (_, i) => `room:${i}`);

function seeded(shards: number) {
  const fake = fakeNamespace();
  for (const key of KEYS) fake.data(`shard:${shardFor(key, shards)}`).set(key, `state of ${key}`);
  return fake;
}

function expectLaidOutFor(fake: ReturnType<typeof fakeNamespace>, shards: number): void {
  const where = fake.layout();
  expect(where.size).toBe(KEYS.length);
  const misplaced = KEYS.filter((k) => where.get(k)?.join() !== String(shardFor(k, shards)));
  expect(misplaced).toEqual([]);
  for (const key of KEYS) expect(fake.data(`shard:${shardFor(key, shards)}`).get(key)).toBe(`state of ${key}`);
}

describe("shardMoves", () => {
  it("says where a key was, where it goes, and whether it moves", () => {
    expect(shardMoves("room:general", 8, 64)).toEqual({ key: "room:general", from: 3, to: 53, moved: true });
    expect(shardMoves("room:general", 8, 11)).toEqual({ key: "room:general", from: 3, to: 3, moved: false });
    expect(() => shardMoves("k", 0, 4)).toThrow(/DORM_BAD_SHARD_COUNT.*shardMoves/);
  });

  it("growing moves keys only onto new shards; shrinking moves only the removed shards' keys", () => {
    for (const key of KEYS) {
      const grow = shardMoves(key, 10, 13);
      if (grow.moved) expect(grow.to).toBeGreaterThanOrEqual(10);
      const shrink = shardMoves(key, 13, 10);
      expect(shrink.moved).toBe(shrink.from >= 10);
    }
    const moved = KEYS.filter((k) => shardMoves(k, 10, 11).moved).length / KEYS.length;
    expect(moved).toBeGreaterThan(0.07); // ideal 1/11 ≈ 0.091 (`hashCode % n` moves ~0.91)
    expect(moved).toBeLessThan(0.11);
  });
});

describe("reshard", () => {
  it("8 → 9 shards: moves exactly the keys shardMoves names, keeps their state, touches nothing else", async () => {
    const fake = seeded(8);
    const report = await reshard(fake.namespace, options(8, 9));
    const expected = KEYS.filter((k) => shardMoves(k, 8, 9).moved);
    expect(report).toMatchObject({ from: 8, to: 9, scanned: 2_000, moved: expected.length, failures: [], ok: true });
    expect(report.batches.every((b) => b.to === 8 && b.keys.length <= 50)).toBe(true);
    expect(report.batches.flatMap((b) => b.keys).sort()).toEqual(expected.sort());
    expectLaidOutFor(fake, 9);
  });

  it("9 → 6 shards: the removed shards' keys spread over the rest", async () => {
    const fake = seeded(9);
    const report = await reshard(fake.namespace, options(9, 6));
    expect(report.ok).toBe(true);
    expect(new Set(report.batches.map((b) => b.from))).toEqual(new Set([6, 7, 8]));
    expectLaidOutFor(fake, 6);
  });

  it("reports failed listings and moves, and a second run finishes the job", async () => {
    const fake = seeded(8);
    fake.faults.list.add("shard:1");
    fake.faults.move.add("shard:2");
    const first = await reshard(fake.namespace, options(8, 10));
    expect(first.ok).toBe(false);
    expect(first.failures.filter((f) => f.step === "list")).toMatchObject([{ step: "list", shard: 1, error: { message: "shard:1 is unreachable" } }]);
    const moveFailures = first.failures.filter((f) => f.step === "move");
    expect(moveFailures.length).toBeGreaterThan(0);
    for (const f of moveFailures) expect(f).toMatchObject({ from: 2, error: { message: "shard:2 refused to export" } });

    fake.faults.list.clear();
    fake.faults.move.clear();
    const second = await reshard(fake.namespace, options(8, 10));
    expect(second.ok).toBe(true);
    expect(first.moved + second.moved).toBe(KEYS.filter((k) => shardMoves(k, 8, 10).moved).length);
    expectLaidOutFor(fake, 10);
    // Nothing left to do.
    expect(await reshard(fake.namespace, options(8, 10))).toMatchObject({ moved: 0, batches: [], ok: true });
  });

  it("rejects bad options", async () => {
    const { namespace } = fakeNamespace();
    await expect(reshard(namespace, null as never)).rejects.toThrow(/DORM_BAD_RESHARD.*\{ from, to, keys, move \}/);
    await expect(reshard(namespace, { ...options(8, 9), to: 0 })).rejects.toThrow(/DORM_BAD_SHARD_COUNT.*reshard \(to\)/);
    await expect(reshard(namespace, { ...options(8, 9), move: undefined as never })).rejects.toThrow(/keys and move must be functions/);
    await expect(reshard(namespace, { ...options(8, 9), batchSize: 0 })).rejects.toThrow(/batchSize must be an integer ≥ 1/);
    await expect(reshard({} as typeof namespace, options(8, 9))).rejects.toThrow(/DORM_BAD_NAMESPACE.*reshard/);
    await expect(reshard(namespace, { ...options(8, 9), batch: 5 } as never)).rejects.toThrow(/unknown option "batch".*batchSize/);
    await expect(reshard(namespace, { ...options(8, 9), concurrency: 0 })).rejects.toThrow(/DORM_BAD_FEDERATE_OPTIONS.*concurrency/);
  });
});
