// Type tests, env bindings: each binding is DurableObjectNamespace<the generated class type>
// (.dorm/env.d.ts), so the seeds' env.X style gets typed RPC, taking what durableObjects.x takes.
import { bindings, durableObjects } from "dorm";
import type { Room } from "../.dorm/env.js";
import { assertType, type Equal } from "./assert.js";

export async function bindingsAreTyped(env: Cloudflare.Env): Promise<void> {
  assertType<Equal<typeof env.ROOM, DurableObjectNamespace<Room>>>();
  const viaEnv = env.ROOM.getByName("a");
  const viaAccessor = durableObjects.room.get("a");
  // Mistake 6: env.ROOM.getByName("a").post was `Property 'post' does not exist`; now it takes
  // exactly what the accessor's stub takes...
  assertType<Equal<Parameters<typeof viaEnv.post>, Parameters<typeof viaAccessor.post>>>();
  assertType<Equal<Parameters<typeof viaEnv.setTopic>, [topic: string | null]>>();
  // ...and resolves to the same value (Cloudflare's stub adds its disposer to object results).
  const id: number = await viaEnv.post("hi", "ada");
  assertType<Equal<Awaited<ReturnType<typeof viaEnv.post>>, Awaited<ReturnType<typeof viaAccessor.post>>>>();
  const messages: { id: number; from: string; text: string }[] = await viaEnv.messages();
  void id;
  void messages;
  // @ts-expect-error text is a string
  await viaEnv.post(1, "ada");
  // @ts-expect-error not a method of room
  await viaEnv.explode();
  // @ts-expect-error no such binding
  void env.ROOMS;
  // The seed form's binding has the names the build found.
  const counter = env.COUNTER.get(env.COUNTER.idFromName("x"));
  await counter.increment(1);
  // @ts-expect-error not a method of counter
  await counter.reset();
}

export function bindingsTakesTheEnv(env: Cloudflare.Env): void {
  const accessors = bindings(env);
  assertType<Equal<ReturnType<typeof accessors.room.get>, ReturnType<typeof durableObjects.room.get>>>();
  // Mistake 8: something that is not the app's env.
  // @ts-expect-error ROOM must be a Durable Object namespace
  bindings({ ROOM: 1 });
  // @ts-expect-error and every binding of the app must be there
  bindings({ ROOM: env.ROOM });
}
