// The examples of docs/types.md, type-checked (each region is a code block of the page).
import { defineDurableObject, durableObjects, type Immutable, type ObjectContext } from "dorm";

export function readOnlyState(): void {
  defineDurableObject({
    init: () => ({ messages: [] as { from: string; text: string }[] }),
    methods: {
      post(ctx, from: string, text: string) {
        const message = { from, text };
        // #region set-state
        ctx.setState((s) => ({ ...s, messages: [...s.messages, message] }));
        // #endregion
      },
    },
  });
}

interface CartState {
  items: { name: string; price: number }[];
}

// #region immutable-helper
function total(state: Immutable<CartState>): number {
  return state.items.reduce((sum, item) => sum + item.price, 0);
}
// #endregion

export const cart = defineDurableObject({
  init: (): CartState => ({ items: [] }),
  methods: { total: (ctx) => total(ctx.state) },
});

export async function seedFormCallers(): Promise<void> {
  // #region seed-callers
  const count = await durableObjects.counter.get("a").increment(5); // unknown
  // @ts-expect-error not a method of counter
  await durableObjects.counter.get("a").nope();
  // #endregion
  void count;
}

interface CounterState {
  count: number;
}

// #region inferred-counter
export const counter = defineDurableObject({
  init: async (): Promise<CounterState> => ({ count: 0 }),
  methods: {
    // every method is typed from its own parameters
    async increment(ctx, amount: number = 1) {
      await ctx.setState({ count: ctx.state.count + amount });
      return ctx.state.count;
    },
  },
});
// #endregion

// #region schedule-payload
interface Expiry {
  token: number;
}

export const lease = defineDurableObject({
  init: () => ({ token: 0 }),
  methods: {
    async grant(ctx, ttlMs: number) {
      await ctx.schedule(ttlMs, "expire", { token: ctx.state.token } satisfies Expiry);
    },
    expire(ctx, payload: Expiry) {
      if (payload.token === ctx.state.token) ctx.setState({ token: ctx.state.token + 1 });
    },
  },
});
// #endregion

interface ShardState {
  mode: string;
}
interface ChatMessage {
  text: string;
}

// #region ctx-helper
async function readHistory(ctx: ObjectContext<ShardState>, room: string): Promise<ChatMessage[]> {
  return (await ctx.storage.get<ChatMessage[]>(`history:${room}`)) ?? [];
}
// #endregion

export const shard = defineDurableObject({
  init: (): ShardState => ({ mode: "ok" }),
  methods: { history: (ctx, room: string) => readHistory(ctx, room) },
});
