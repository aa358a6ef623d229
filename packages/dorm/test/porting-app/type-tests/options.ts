// Type tests: `tsc --noEmit -p packages/dorm/test/porting-app` (part of npm test) must accept
// every line here, and each `@ts-expect-error` must mark a real error, or tsc fails.
import { defineDurableObject, durableObjects, federate, type ObjectStub } from "dorm";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

interface Session {
  name: string;
}

export function memoryIsTypedFromItsFactory(): void {
  const room = defineDurableObject({
    init: () => ({ messages: [] as string[] }),
    memory: () => ({ sessions: new Map<string, Session>(), lastTimestamp: 0 }),
    async activate(ctx) {
      assertType<Equal<typeof ctx.memory, { sessions: Map<string, Session>; lastTimestamp: number }>>();
      assertType<Equal<typeof ctx.state, { readonly messages: readonly string[] }>>();
      ctx.memory.lastTimestamp = Date.now();
      // @ts-expect-error the memory has no such field
      ctx.memory.cache = new Map();
    },
    methods: {
      post(ctx, text: string) {
        ctx.memory.lastTimestamp = Math.max(Date.now(), ctx.memory.lastTimestamp + 1);
        void ctx.setState({ messages: [...ctx.state.messages, text] });
        return ctx.memory.lastTimestamp;
      },
    },
    connect(request, ctx) {
      ctx.memory.sessions.set(request.url, { name: "x" });
    },
    alarm(ctx) {
      assertType<Equal<typeof ctx.memory.sessions, Map<string, Session>>>();
    },
  });
  assertType<Equal<ReturnType<ObjectStub<typeof room>["post"]>, Promise<number>>>();

  // An init that takes ctx, beside memory: annotate init's result, as with events (TypeScript
  // infers the state from an unannotated init(ctx) only when no other option infers a type).
  defineDurableObject({
    async init(ctx): Promise<{ count: number }> {
      return { count: (await ctx.storage.get<number>("count")) ?? 0 };
    },
    memory: () => ({ hits: 0 }),
    methods: {
      hit(ctx) {
        ctx.memory.hits++;
        return ctx.state.count + ctx.memory.hits;
      },
    },
  });

  // Without memory, ctx.memory is unknown: nothing to read from it by mistake.
  defineDurableObject({
    methods: {
      get(ctx) {
        // @ts-expect-error no memory was defined
        return ctx.memory.anything;
      },
    },
  });
}

export function misuse(): void {
  defineDurableObject({
    // @ts-expect-error memory is a factory (a shared object would be shared by every instance)
    memory: { hits: 0 },
  });
  defineDurableObject({
    // @ts-expect-error activate gets ctx, and may not return a value for dorm to keep
    activate: (ctx) => ctx.name.length,
  });
  defineDurableObject({
    // @ts-expect-error the binding is a name
    binding: 42,
  });
}

export function rawConnectionsAreTyped(): void {
  defineDurableObject({
    memory: () => ({ joins: 0 }),
    realtime: { protocol: "raw" },
    connect: () => ({ data: { name: "ada" } }),
    accepted(ctx, conn) {
      ctx.memory.joins++;
      assertType<Equal<typeof conn.data, { name: string }>>();
      ctx.broadcastRaw(JSON.stringify({ joined: conn.data.name }), { except: conn });
      // @ts-expect-error connection data is what connect returned
      void conn.data.id;
    },
    receive(ctx, conn, message) {
      assertType<Equal<typeof message, string | ArrayBuffer>>();
      // @ts-expect-error a frame may be binary: narrow it first
      void message.toUpperCase();
      if (typeof message === "string") conn.sendRaw(message.toUpperCase());
      conn.sendRaw(new Uint8Array([1]));
      ctx.publishRaw("news", "hello", { except: [conn, "other-id"] });
      // @ts-expect-error a frame is text or bytes
      conn.sendRaw(42);
    },
    refused(ctx, conn, refusal) {
      assertType<Equal<typeof refusal.code, "DORM_FRAME_TOO_LARGE" | "DORM_RATE_LIMITED">>();
      conn.sendRaw(JSON.stringify({ error: refusal.message, retryAfterMs: refusal.retryAfterMs }));
    },
  });

  defineDurableObject({
    // @ts-expect-error the protocols are "dorm" and "raw"
    realtime: { protocol: "json" },
  });
  defineDurableObject({
    // @ts-expect-error receive gets (ctx, conn, message)
    receive: (message: number) => message,
  });
}

export async function federateTakesANamespaceAndNames(env: Cloudflare.Env): Promise<void> {
  // ws-kit's order: a binding, names, and the call; each result carries its name.
  const results = await federate(env.ROOMS, ["room:1", "room:2"], async (room, name) => {
    assertType<Equal<typeof name, string>>();
    return (await room.fetch("https://internal/announce")).status;
  });
  assertType<Equal<(typeof results)[number]["name"], string>>();
  // The typed accessor works too, with its methods on the stub.
  await federate(durableObjects.visits, ["a", "b"], (visits) => visits.visit("federate"), { throwOnFailure: false });
  // @ts-expect-error names are strings
  await federate(env.ROOMS, [1, 2], () => 1);
  // @ts-expect-error throwOnFailure is true or false
  await federate(env.ROOMS, ["a"], () => 1, { throwOnFailure: "yes" });
}
