// Type tests: `tsc --noEmit -p app-fixtures/chat` (part of npm test) must accept every line here,
// and each `@ts-expect-error` must mark a real error. The client is typed from the definition.
import { connect, type ClientError } from "@dorm/client";
import { defineDurableObject, event, reject } from "dorm";
import * as v from "valibot";
import type Room from "../app/objects/room.js";
import type { ChatMessage, HistoryPage } from "../app/objects/room.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

export async function clientIsTyped(): Promise<void> {
  const room = connect<typeof Room>("/rooms/lobby/ws?name=ada");

  // send: one-way, payload typed by the message's schema (its input).
  assertType<Equal<ReturnType<typeof room.send.post>, boolean>>();
  room.send.post({ text: "hi" });
  room.send.typing({ typing: true });
  // @ts-expect-error the schema wants text: string
  room.send.post({ text: 1 });
  // @ts-expect-error a payload is required
  room.send.post();
  // @ts-expect-error not a message of the room
  room.send.shout({ text: "x" });

  // call: resolves with what the handler returns.
  const saved = room.call.post({ text: "hello" });
  assertType<Equal<typeof saved, Promise<ChatMessage>>>();
  const page = await room.call.history({ before: 10, limit: 5 });
  assertType<Equal<typeof page, HistoryPage>>();
  await room.call.history({}, { timeoutMs: 1_000 });
  // @ts-expect-error limit is a number
  await room.call.history({ limit: "5" });

  // methods are RPC only: a socket cannot reach them, and the client does not offer them.
  // @ts-expect-error who is in methods, not messages
  room.send.who();
  // @ts-expect-error stats is in methods, not messages
  await room.call.stats();

  // Events and presence, typed from `events` and what `connect` returns as presence.
  room.on("message", (message) => assertType<Equal<typeof message, ChatMessage>>());
  room.on("typing", (t) => assertType<Equal<typeof t, { id: string; name: string; typing: boolean }>>());
  // @ts-expect-error not an event of the room
  room.on("nope", () => {});
  assertType<Equal<(typeof room.presence)[number]["presence"], { name: string }>>();
  room.onStatus((status) => assertType<Equal<typeof status, "connecting" | "open" | "reconnecting" | "closed">>());
  room.onError((error) => assertType<Equal<typeof error, ClientError>>());
}

export function definitionsAreTyped(): void {
  defineDurableObject({
    init: () => ({ count: 0 }),
    connect(request) {
      const name = new URL(request.url).searchParams.get("name");
      if (!name) return reject(401);
      return { data: { name, joined: Date.now() }, presence: { name } };
    },
    messages: {
      add: {
        schema: v.object({ by: v.number() }),
        handler(ctx, payload, conn) {
          assertType<Equal<typeof payload, { by: number }>>();
          assertType<Equal<typeof conn.data, { name: string; joined: number }>>();
          assertType<Equal<typeof conn.presence, { name: string } | null>>();
          ctx.setState((s) => ({ count: s.count + payload.by }));
          ctx.broadcast("added", { by: payload.by }, { except: conn });
          return ctx.state.count;
        },
      },
      ping: {
        handler(_ctx, payload) {
          assertType<Equal<typeof payload, undefined>>();
        },
      },
      bad: {
        schema: v.object({ by: v.number() }),
        handler(_ctx, payload) {
          // @ts-expect-error payload.by is a number
          const s: string = payload.by;
          return s;
        },
      },
    },
    events: { added: event<{ by: number }>() },
  });

  // @ts-expect-error connect returns a Response, { data, presence, topics } or nothing
  defineDurableObject({ connect: () => 42 });
}
