import { defineDurableObject, type Immutable } from "dorm";
import type { LedgerState } from "../types.js";

function fence(state: Immutable<LedgerState>, token: number): void {
  if (!Number.isSafeInteger(token) || token < 1) throw new TypeError(`a fencing token is a positive integer, got ${String(token)}`);
  if (token < state.highestToken) {
    // A plain Error: across RPC an error keeps its message, not a custom class.
    throw new Error(`stale fencing token ${token}: token ${state.highestToken} was already used; the lease was lost, acquire the lock again`);
  }
}

/**
 * The resource the lock protects. It accepts a write only with a fencing token at least as
 * large as any it has seen, and it notices if two holders are ever inside at once.
 */
export default defineDurableObject({
  init: (): LedgerState => ({ highestToken: 0, inside: null, entries: [], overlaps: 0 }),
  methods: {
    async enter(ctx, holder: string, token: number) {
      fence(ctx.state, token);
      const overlap = ctx.state.inside !== null && ctx.state.inside.holder !== holder;
      await ctx.setState((s) => ({ ...s, highestToken: token, inside: { holder, token }, overlaps: s.overlaps + (overlap ? 1 : 0) }));
    },
    async write(ctx, holder: string, token: number, value: string) {
      fence(ctx.state, token);
      await ctx.setState((s) => ({ ...s, highestToken: token, entries: [...s.entries, { holder, token, value }] }));
      return ctx.state.entries.length;
    },
    async leave(ctx, holder: string) {
      if (ctx.state.inside?.holder === holder) await ctx.setState((s) => ({ ...s, inside: null }));
    },
    read(ctx) {
      return ctx.state;
    },
  },
});
