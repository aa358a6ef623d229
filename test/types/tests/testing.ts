// Type tests, @dorm/testing: a test app's objects and clients are typed like the worker's.
import { createTestApp } from "@dorm/testing";
import type room from "../app/objects/room.js";
import type { Message } from "../app/objects/room.js";
import { assertType, type Equal } from "./assert.js";

export async function testAppIsTyped(): Promise<void> {
  const app = await createTestApp({ root: "." });
  try {
    const lobby = app.durableObjects.room.get("lobby");
    const id = await lobby.post("hi", "ada");
    assertType<Equal<typeof id, number>>();
    const messages = await lobby.messages();
    assertType<Equal<typeof messages, { id: number; from: string; text: string }[]>>();
    // The seed form: the names the build found, unknown in and out.
    const count = await app.durableObjects.counter.get("a").increment(1);
    assertType<Equal<typeof count, unknown>>();

    const client = app.client<typeof room>("/objects/room/lobby?name=ada");
    const saved = await client.call.say({ text: "hi" });
    assertType<Equal<typeof saved, Message>>();

    // @ts-expect-error text is a string
    await lobby.post(1, "ada");
    // @ts-expect-error unknown method
    await lobby.explode();
    // @ts-expect-error unknown object
    app.durableObjects.rooms.get("lobby");
    // @ts-expect-error not a method the build found
    await app.durableObjects.counter.get("a").reset();
    // @ts-expect-error the schema wants text: string
    await client.call.say({ text: 1 });
    // @ts-expect-error a client without the object's type sends nothing
    app.client("/objects/room/lobby").send.say({ text: "hi" });
  } finally {
    await app.dispose();
  }
}
