// Type tests, @dorm/client: a client made with the object's type sends its messages and hears its
// events with their types; one made without it (connect(url)) can send nothing.
import { connect, type ClientError } from "@dorm/client";
import type room from "../app/objects/room.js";
import type { Message } from "../app/objects/room.js";
import { assertType, type Equal } from "./assert.js";

export async function typedClient(): Promise<void> {
  const client = connect<typeof room>("/objects/room/lobby?name=ada");
  client.send.say({ text: "hi" });
  const saved = await client.call.say({ text: "hi" });
  assertType<Equal<typeof saved, Message>>();
  // A reply made of the read-only state is the client's own copy.
  const history = await client.call.history();
  assertType<Equal<typeof history, { id: number; from: string; text: string }[]>>();
  client.on("message", (message) => assertType<Equal<typeof message, Message>>());
  client.on("topic", ({ topic }) => assertType<Equal<typeof topic, string | null>>());
  client.onError((error) => assertType<Equal<typeof error, ClientError>>());
  assertType<Equal<(typeof client.presence)[number]["presence"], { name: string }>>();

  // @ts-expect-error the schema wants text: string
  client.send.say({ text: 1 });
  // @ts-expect-error not a message of the room
  client.send.shout({ text: "x" });
  // @ts-expect-error post is an RPC method, not a message
  await client.call.post("hi", "ada");
  // @ts-expect-error not an event of the room
  client.on("nope", () => {});
}

export function untypedClient(): void {
  const client = connect("/objects/room/lobby");
  // Events arrive, as unknown.
  client.on("anything", (payload) => assertType<Equal<typeof payload, unknown>>());
  // Mistake 9: nothing is known about its messages, so none can be sent.
  // @ts-expect-error connect<typeof Room>(url) types send and call
  client.send.anything();
  // @ts-expect-error ...and call
  void client.call.anything({ x: 1 });
}
