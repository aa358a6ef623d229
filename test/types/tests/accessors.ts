// Type tests, accessors: durableObjects.x.get(id) is the object's typed stub.
import { durableObjects, type ObjectStub } from "dorm";
import type lock from "../app/objects/lock.js";
import type room from "../app/objects/room.js";
import { assertType, type Equal } from "./assert.js";

export async function accessorsAreTyped(): Promise<void> {
  const room1 = durableObjects.room.get("lobby");
  assertType<Equal<typeof room1, ObjectStub<typeof room>>>();
  assertType<Equal<Parameters<typeof room1.post>, [text: string, from: string]>>();
  assertType<Equal<ReturnType<typeof room1.post>, Promise<number>>>();
  // A part of the read-only state, returned over RPC, is the caller's own copy.
  const messages = await room1.messages();
  assertType<Equal<typeof messages, { id: number; from: string; text: string }[]>>();
  messages.push({ id: 0, from: "me", text: "mine" });
  // An id works as well as a name; getByName and get give the same stub.
  const byId = durableObjects.room.get(durableObjects.room.idFromName("lobby"));
  assertType<Equal<typeof byId, typeof room1>>();
  assertType<Equal<ReturnType<typeof durableObjects.room.getByName>, typeof room1>>();
  const lease = await durableObjects.lock.get("jobs").acquire("worker-1", 30_000);
  assertType<Equal<typeof lease, { holder: string; token: number } | null>>();
  assertType<Equal<ReturnType<ObjectStub<typeof lock>["status"]>, Promise<{ holder: string; token: number } | null>>>();
  // fetch is on every stub.
  assertType<Equal<ReturnType<typeof room1.fetch>, Promise<Response>>>();

  // @ts-expect-error unknown object
  durableObjects.rooms.get("lobby");
  // @ts-expect-error wrong argument type
  await room1.setTopic(42);
  // @ts-expect-error missing argument
  await room1.post("hi");
  // @ts-expect-error too many arguments
  await room1.messages(1);
  // @ts-expect-error unknown method
  await room1.delete();
  // @ts-expect-error a name or an id
  durableObjects.room.get(42);
}
