// Type tests, definition: what defineDurableObject infers, what it refuses, and what callers get
// for the seed form with a type argument (app/objects/counter.ts). `tsc -p test/types` must
// accept every line, and each @ts-expect-error must mark a real error.
import { defineDurableObject, durableObjects, event, type ObjectStub } from "dorm";
import type counter from "../app/objects/counter.js";
import { assertType, type Equal } from "./assert.js";

export function inferred(): void {
  const account = defineDurableObject({
    init: () => ({ balance: 0 }),
    methods: {
      deposit(ctx, amount: number, note?: string) {
        ctx.setState((s) => ({ balance: s.balance + amount }));
        return { balance: ctx.state.balance, note: note ?? null };
      },
    },
  });
  type Stub = ObjectStub<typeof account>;
  // The parameters after ctx, with their names, are what callers pass.
  assertType<Equal<Parameters<Stub["deposit"]>, [amount: number, note?: string | undefined]>>();
  assertType<Equal<ReturnType<Stub["deposit"]>, Promise<{ balance: number; note: string | null }>>>();

  // An init that takes ctx still types the state (with events declared, too).
  const named = defineDurableObject({
    init: (ctx) => ({ name: ctx.name }),
    methods: {
      name: (ctx) => ctx.state.name,
    },
  });
  assertType<Equal<ReturnType<ObjectStub<typeof named>["name"]>, Promise<string>>>();

  // ...beside memory and events, which TypeScript infers first.
  const counted = defineDurableObject({
    init: (ctx) => ({ name: ctx.name }),
    memory: () => ({ hits: 0 }),
    events: { hit: event<number>() },
    methods: {
      hit(ctx) {
        ctx.memory.hits++;
        ctx.broadcast("hit", ctx.memory.hits);
        return ctx.state.name;
      },
    },
  });
  assertType<Equal<ReturnType<ObjectStub<typeof counted>["hit"]>, Promise<string>>>();
}

export function parametersNeedTypes(): void {
  defineDurableObject({
    init: () => ({ count: 0 }),
    methods: {
      // Mistake 4: a parameter without a type would take anything a caller sends.
      // @ts-expect-error add: give each parameter after ctx a type
      add(ctx, by) {
        return ctx.state.count + by;
      },
      ok(ctx, by: number) {
        return ctx.state.count + by;
      },
    },
  });
}

export async function callersOfTypedMethods(): Promise<void> {
  const stub = durableObjects.room.get("a");
  await stub.post("hello", "ada");
  // Mistake 4, at the caller: the parameter's type is checked.
  // @ts-expect-error text is a string
  await stub.post(42, "ada");
  // A method that returns `any` (JSON.parse) gives callers `unknown`, never `any`.
  const parsed = await stub.parsed("{}");
  assertType<Equal<typeof parsed, unknown>>();
  // @ts-expect-error unknown has no properties until checked
  void parsed.anything;
}

export async function seedFormWithTypeArgument(): Promise<void> {
  // Mistake 1: defineDurableObject<CounterState>({ ... }) compiles (app/objects/counter.ts), and
  // callers get the method names the build found, taking and returning unknown: no silent any.
  const stub = durableObjects.counter.get("user-123");
  const count = await stub.increment(5);
  assertType<Equal<typeof count, unknown>>();
  await stub.getCount();
  // @ts-expect-error not a method the build found
  await stub.decrement(1);
  // @ts-expect-error the result is unknown: TypeScript could not see the method's type
  const doubled: number = (await stub.getCount()) * 2;
  void doubled;
  // Without the build's names (the definition's own type) there are no methods at all.
  // @ts-expect-error no typed methods
  type _None = ObjectStub<typeof counter>["increment"];
}

export function optionsAreChecked(): void {
  // @ts-expect-error handlers must be functions of the right shape
  defineDurableObject({ fetch: (request: Request, ctx: unknown) => "not a response" });
  // @ts-expect-error storage is "sqlite" or "kv"
  defineDurableObject({ storage: "postgres" });
  defineDurableObject({
    init: () => ({ n: 0 }),
    // @ts-expect-error validateState checks the state init returns
    validateState: (state: { other: string }) => state.other.length > 0,
  });
}
