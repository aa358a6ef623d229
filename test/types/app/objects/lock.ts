import { defineDurableObject } from "dorm";

export interface Lease {
  holder: string;
  token: number;
}

/** A lease that expires by schedule: ctx.schedule names one of the methods below. */
export default defineDurableObject({
  init: () => ({ lease: null as Lease | null, token: 0 }),
  methods: {
    async acquire(ctx, holder: string, ttlMs: number) {
      if (ctx.state.lease) return null;
      const lease: Lease = { holder, token: ctx.state.token + 1 };
      await ctx.setState({ lease, token: lease.token });
      await ctx.schedule(ttlMs, "expire", { token: lease.token });
      return lease;
    },
    async expire(ctx, payload: { token: number }) {
      if (ctx.state.lease?.token === payload.token) await ctx.setState((s) => ({ ...s, lease: null }));
    },
    status(ctx) {
      return ctx.state.lease;
    },
  },
});
