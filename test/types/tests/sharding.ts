// Type tests, sharding: shard stubs are the object's typed stubs, through the accessor and
// through a raw binding, and federate keeps the types of what each shard returns.
import { durableObjects, federate, getShardedStub, shardStubs, type FederateResult, type ObjectStub } from "dorm";
import type { Room } from "../.dorm/env.js";
import type room from "../app/objects/room.js";
import { assertType, type Equal } from "./assert.js";

export async function shardsAreTyped(env: Cloudflare.Env): Promise<void> {
  const one = durableObjects.room.shard("general", { shards: 8 });
  assertType<Equal<typeof one, ObjectStub<typeof room>>>();
  const all = durableObjects.room.shards(8);
  const results = await federate(all, (stub, shard) => stub.post(`hello from ${shard}`, "server"));
  assertType<Equal<typeof results, FederateResult<number>[]>>();

  // Through a raw binding: Cloudflare's stub of the generated class, with typed RPC.
  const raw = getShardedStub(env.ROOM, "general", 8);
  assertType<Equal<typeof raw, DurableObjectStub<Room>>>();
  await raw.post("hi", "ada");
  const raws = shardStubs(env.ROOM, 8);
  await federate(raws, (stub) => stub.setTopic(null));

  // @ts-expect-error the key is a string
  durableObjects.room.shard(42, { shards: 8 });
  // @ts-expect-error the shard count is required
  durableObjects.room.shard("general");
  // @ts-expect-error not a method of room
  await one.explode();
  // @ts-expect-error raw shard stubs are typed too
  await raw.post(1, "ada");
  // @ts-expect-error federate's callback gets the typed stub
  await federate(all, (stub) => stub.post());
}
