// Type tests: `tsc --noEmit -p app-fixtures/sharded-rooms` (part of npm test) must accept every
// line here, and each `@ts-expect-error` must mark a real error, or tsc fails.
import { durableObjects, federate, getShardedStub, shardFor, type FederateResult, type ObjectStub } from "dorm";
import type room from "../app/objects/room.js";
import type { Room } from "../.dorm/env.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

type RoomStub = ObjectStub<typeof room>;

export async function shardHelpersAreTyped(env: Cloudflare.Env): Promise<void> {
  // The typed accessor's shard stub is the object's typed stub.
  const one = durableObjects.room.shard("lobby", { shards: 8 });
  assertType<Equal<typeof one, RoomStub>>();
  assertType<Equal<typeof durableObjects.room.shard, (key: string, shards: number | { shards: number; prefix?: string }) => RoomStub>>();
  assertType<Equal<ReturnType<typeof one.history>, Promise<{ room: string; from: string; text: string; at: number }[]>>>();
  const all = durableObjects.room.shards(8);
  assertType<Equal<typeof all, RoomStub[]>>();
  durableObjects.room.shards({ shards: 8, prefix: "eu:" });

  // @ts-expect-error the key is a string
  durableObjects.room.shard(42, { shards: 8 });
  // @ts-expect-error the shard count is required
  durableObjects.room.shard("lobby");
  // @ts-expect-error { shards } is a number
  durableObjects.room.shards({ shards: "8" });
  // @ts-expect-error not a method of room
  await one.explode();

  // federate infers each shard's value from the callback, and the stub from the stubs.
  const results = await federate(all, (stub, shard, { signal, attempt }) => {
    assertType<Equal<typeof stub, RoomStub>>();
    assertType<Equal<typeof shard | typeof attempt, number>>();
    assertType<Equal<typeof signal, AbortSignal>>();
    return stub.announce("id", "hello");
  });
  assertType<Equal<typeof results, FederateResult<{ shard: string; sent: number }>[]>>();
  for (const r of results) {
    if (r.ok) assertType<Equal<typeof r.value, { shard: string; sent: number }>>();
    else assertType<Equal<typeof r.error, Error>>();
    // @ts-expect-error value exists only on success
    void r.value;
  }
  // @ts-expect-error unknown option
  await federate(all, (stub) => stub.info(), { timeout: 5 });

  // A raw binding works too, and gives Cloudflare's stub of the generated class: typed RPC.
  const raw = getShardedStub(env.ROOM, "lobby", 8);
  assertType<Equal<typeof raw, DurableObjectStub<Room>>>();
  assertType<Equal<Parameters<typeof raw.post>, Parameters<typeof one.post>>>();
  // @ts-expect-error not a method of room
  await raw.explode();
  assertType<Equal<ReturnType<typeof shardFor>, number>>();
}
