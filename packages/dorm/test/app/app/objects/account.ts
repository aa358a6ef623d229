import { defineDurableObject } from "dorm";

// validateState: a refused state never reaches memory or storage, and the caller gets the error.
export interface Account {
  owner: string;
  balance: number;
}

export default defineDurableObject({
  // An account named overdrawn-… opens with a balance validateState refuses: init's state is checked too.
  init: (ctx): Account => ({ owner: ctx.name, balance: ctx.name.startsWith("overdrawn-") ? -1 : 0 }),
  validateState(account) {
    if (account.balance > 1_000_000) throw new RangeError(`balance ${account.balance} is over the 1,000,000 cap`);
    return Number.isInteger(account.balance) && account.balance >= 0;
  },
  methods: {
    deposit(ctx, amount: number) {
      // Not awaited: the refusal is thrown synchronously, so it still reaches the caller.
      ctx.setState((a) => ({ ...a, balance: a.balance + amount }));
      return ctx.state.balance;
    },
    async withdraw(ctx, amount: number) {
      await ctx.setState({ ...ctx.state, balance: ctx.state.balance - amount });
      return ctx.state.balance;
    },
    async stored(ctx) {
      return { memory: ctx.state, storage: await ctx.raw.storage.get<Account>("__dorm:state") };
    },
    async unserializable(ctx) {
      try {
        await ctx.setState({ ...ctx.state, owner: (() => "fn") as unknown as string });
        return "accepted";
      } catch (error) {
        return { error: (error as Error).message, memory: ctx.state };
      }
    },
  },
});
