// Type tests, ctx: the state is read-only (it changes through setState, which persists it),
// setState takes exactly the state, storage takes what structured clone can keep.
import { defineDurableObject, type Immutable } from "dorm";
import type { RoomState } from "../app/objects/room.js";
import { assertType, type Equal } from "./assert.js";

interface Chat {
  count: number;
  messages: { from: string; text: string }[];
  owner: { name: string } | null;
}

export function stateIsReadOnly(): void {
  defineDurableObject({
    init: (): Chat => ({ count: 0, messages: [], owner: null }),
    methods: {
      post(ctx, from: string, text: string) {
        assertType<Equal<typeof ctx.state, Immutable<Chat>>>();
        assertType<Equal<typeof ctx.state.messages, readonly { readonly from: string; readonly text: string }[]>>();
        // Mistake 2: a change in place is not persisted; the next activation brings the old value back.
        // @ts-expect-error count is read-only: use ctx.setState
        ctx.state.count = 5;
        // @ts-expect-error messages is read-only: use ctx.setState
        ctx.state.messages.push({ from, text });
        if (ctx.state.owner) {
          // @ts-expect-error read-only at every depth
          ctx.state.owner.name = from;
        }
        // The way that persists:
        return ctx.setState((s) => ({ ...s, count: s.count + 1, messages: [...s.messages, { from, text }] }));
      },
    },
  });
}

export function setStateTakesTheState(): void {
  defineDurableObject({
    init: (): Chat => ({ count: 0, messages: [], owner: null }),
    methods: {
      async update(ctx) {
        await ctx.setState({ ...ctx.state, count: 1 });
        await ctx.setState({ count: 0, messages: [], owner: { name: "ada" } });
        // Mistake 7: a field the state does not have, through the updater.
        // @ts-expect-error extra is not a field of the state
        await ctx.setState((s) => ({ ...s, extra: 1 }));
        // ...and through an object.
        // @ts-expect-error extra is not a field of the state
        await ctx.setState({ ...ctx.state, extra: 1 });
        // @ts-expect-error the whole state: messages and owner are missing
        await ctx.setState({ count: 1 });
        // @ts-expect-error count is a number
        await ctx.setState((s) => ({ ...s, count: "1" }));
      },
    },
  });
  // A state that may be null (one declared union) takes either.
  defineDurableObject({
    init: (): { tokens: number } | null => null,
    methods: {
      reset: (ctx) => ctx.setState(null),
      refill: (ctx) => ctx.setState((s) => (s ? { tokens: s.tokens + 1 } : { tokens: 1 })),
    },
  });
}

export function storageTakesStorableValues(): void {
  defineDurableObject({
    methods: {
      async save(ctx, state: Immutable<RoomState>) {
        await ctx.storage.put("state", state);
        await ctx.storage.put("when", new Date());
        await ctx.storage.put("seen", new Map([["ada", 1]]));
        await ctx.storage.put({ a: 1, b: [1, 2], c: { d: "x" } });
        // Mistake 7: structured clone cannot keep a function.
        // @ts-expect-error a function cannot be stored
        await ctx.storage.put("k", () => 1);
        // @ts-expect-error nor one inside a value
        await ctx.storage.put("k", { onChange: () => 1 });
        // @ts-expect-error nor in a batch
        await ctx.storage.put({ a: 1, b: () => 1 });
        // @ts-expect-error undefined is not a value storage keeps: store null, or delete the key
        await ctx.storage.put("k", undefined);
        const maybe: string | undefined = state.topic ?? undefined;
        // @ts-expect-error ...nor a value that may be undefined
        await ctx.storage.put("k", maybe);
        await ctx.storage.put("k", maybe ?? null);
        const read = await ctx.storage.get<{ a: number }>("k");
        assertType<Equal<typeof read, { a: number } | undefined>>();
      },
    },
  });
}
