// Type tests: `tsc --noEmit -p app-fixtures/counter` (part of npm test) must accept every line
// here, and each `@ts-expect-error` must mark a real error, or tsc fails.
import { bindings, defineDurableObject, durableObjects, type ObjectStub } from "dorm";
import type { Counter } from "../.dorm/env.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

export async function rpcIsTyped(env: Cloudflare.Env): Promise<void> {
  const counter = durableObjects.counter.get("x");

  const incremented = counter.increment(2);
  assertType<Equal<typeof incremented, Promise<number>>>();
  assertType<Equal<ReturnType<typeof counter.get>, Promise<number>>>();
  assertType<Equal<Awaited<ReturnType<typeof counter.lastAlarm>>, { name: string; firedAt: number } | null>>();
  // Optional parameters stay optional; `ctx` is not part of the RPC signature.
  await counter.increment();
  await counter.resetAt(Date.now());

  // @ts-expect-error wrong argument type
  await counter.increment("2");
  // @ts-expect-error too many arguments
  await counter.reset(1);
  // @ts-expect-error unknown method
  await counter.explode();
  // @ts-expect-error unknown object
  durableObjects.nope.get("x");

  // A DurableObjectId works as well as a name; bindings(env) gives the same typed accessors.
  const byId = durableObjects.counter.get(durableObjects.counter.idFromName("x"));
  assertType<Equal<typeof byId, typeof counter>>();
  assertType<Equal<ReturnType<ReturnType<typeof bindings>["counter"]["get"]>, typeof counter>>();
  // The binding is in Cloudflare.Env, generated into .dorm/env.d.ts, typed with the generated class.
  assertType<Equal<typeof env.COUNTER, DurableObjectNamespace<Counter>>>();
  // fetch is always on a stub.
  assertType<Equal<ReturnType<typeof counter.fetch>, Promise<Response>>>();
}

export function definitionsAreTyped(): void {
  const room = defineDurableObject({
    init: () => ({ members: [] as string[] }),
    methods: {
      join(ctx, who: string) {
        ctx.setState((s) => ({ members: [...s.members, who] }));
        return ctx.state.members.length;
      },
      async roster(ctx) {
        return ctx.state.members;
      },
    },
    alarm(ctx) {
      assertType<Equal<typeof ctx.state, { readonly members: readonly string[] }>>();
    },
  });
  type Stub = ObjectStub<typeof room>;
  assertType<Equal<ReturnType<Stub["join"]>, Promise<number>>>();
  assertType<Equal<ReturnType<Stub["roster"]>, Promise<string[]>>>();
  assertType<Equal<Parameters<Stub["join"]>, [who: string]>>();

  // The seed's form: init takes ctx (without state: there is none yet) and may be async.
  const seeded = defineDurableObject({
    init: async (ctx) => {
      await ctx.storage.get("anything");
      // @ts-expect-error init runs before there is any state
      void ctx.state;
      return { count: 0 };
    },
    methods: {
      async increment(ctx, amount: number = 1) {
        await ctx.setState({ count: ctx.state.count + amount });
        return ctx.state.count;
      },
    },
  });
  assertType<Equal<ReturnType<ObjectStub<typeof seeded>["increment"]>, Promise<number>>>();

  // An object without methods has none on its stub.
  const silent = defineDurableObject({ init: () => 0, alarm() {} });
  // @ts-expect-error no methods
  type _None = ObjectStub<typeof silent>["anything"];

  defineDurableObject({
    init: () => ({ n: 0 }),
    methods: {
      // @ts-expect-error state is typed from init
      bad(ctx) { ctx.setState({ n: "zero" }); },
    },
  });

  // @ts-expect-error handlers must be functions of the right shape
  defineDurableObject({ fetch: (request: Request, ctx: unknown) => "not a response" });

  // @ts-expect-error storage is "sqlite" or "kv"
  defineDurableObject({ storage: "postgres" });
}
