// Seed 003's first example, unchanged but for the import path: a type argument on
// defineDurableObject. It must compile, with ctx.state typed; see tests/definition.ts for what
// callers get.
import { defineDurableObject } from 'dorm'

interface CounterState {
  count: number
}

export default defineDurableObject<CounterState>({
  init: async (ctx) => ({ count: 0 }),

  methods: {
    async increment(ctx, amount: number = 1) {
      ctx.setState({ count: ctx.state.count + amount })
      await ctx.storage.put('state', ctx.state)
      return ctx.state.count
    },

    async getCount(ctx) {
      return ctx.state.count
    },
  },
})
