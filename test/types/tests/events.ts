// Type tests, server events: ctx.broadcast, ctx.publish and conn.send take only the events the
// definition declares, each with its payload type, which is what @dorm/client's on() receives.
import { defineDurableObject, event } from "dorm";
import * as v from "valibot";
import { assertType, type Equal } from "./assert.js";

interface Message {
  from: string;
  text: string;
}

export function eventsAreTyped(): void {
  defineDurableObject({
    init: () => ({ messages: [] as Message[] }),
    connect: () => ({ data: { name: "ada" } }),
    messages: {
      say: {
        schema: v.object({ text: v.string() }),
        handler(ctx, { text }, conn) {
          const message: Message = { from: conn.data.name, text };
          ctx.broadcast("message", message);
          ctx.broadcast("message", message, { except: conn });
          ctx.broadcast("cleared");
          ctx.broadcast("count", { n: 1 });
          ctx.publish("lobby", "message", message);
          conn.send("message", message);
          // The state itself, read-only, can be sent.
          ctx.broadcast("history", ctx.state.messages);
          // Mistake 3: an event the definition does not declare.
          // @ts-expect-error "unknownEvent" is not one of the events
          ctx.broadcast("unknownEvent");
          // @ts-expect-error a payload of the wrong type
          ctx.broadcast("message", { from: conn.data.name });
          // @ts-expect-error the payload is missing
          ctx.broadcast("message");
          // @ts-expect-error the schema's output is { n: number }
          ctx.broadcast("count", { n: "1" });
          // @ts-expect-error conn.send takes only the declared events
          conn.send("typo", message);
          // @ts-expect-error ...with their payload type
          conn.send("message", "hello");
          // @ts-expect-error ctx.publish too
          ctx.publish("lobby", "messages", message);
          // @ts-expect-error cleared carries nothing
          ctx.broadcast("cleared", 1);
          for (const other of ctx.connections()) {
            other.send("message", message);
            // @ts-expect-error connections from ctx are typed by the events as well
            other.send("nope");
          }
        },
      },
    },
    events: {
      message: event<Message>(),
      history: event<Message[]>(),
      cleared: event<void>(),
      count: v.object({ n: v.number() }),
    },
  });
}

export function noEventsNoBroadcast(): void {
  defineDurableObject({
    methods: {
      announce(ctx, text: string) {
        // @ts-expect-error no events are declared: add events: { name: event<Payload>() }
        return ctx.broadcast("announcement", text);
      },
    },
  });
}

export function payloadTypes(): void {
  defineDurableObject({
    events: { ping: event<{ at: number }>() },
    methods: {
      ping(ctx) {
        type Args = Parameters<typeof ctx.broadcast<"ping">>;
        assertType<Equal<Args[0], "ping">>();
        return ctx.broadcast("ping", { at: Date.now() });
      },
    },
  });
}
