import { defineDurableObject } from "dorm";

export default defineDurableObject({
  init: () => ({ credits: 0 }),
  methods: {
    async topUp(ctx, orderId: string) {
      const paid = await fetch(`https://payments.example/orders/${orderId}`).then((r) => r.json() as Promise<{ amount: number }>);
      // Not setState({ credits: before + paid.amount }) with `before` read above the await:
      // another topUp may have run while this one waited.
      await ctx.setState((prev) => ({ credits: prev.credits + paid.amount }));
      return ctx.state.credits;
    },
  },
});
