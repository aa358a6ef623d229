import { defineDurableObject } from "dorm";

// Item 7: an object with RPC methods only. Its init stores state, so an instance that was
// ever created leaves storage behind.
export default defineDurableObject({
  init: (ctx) => ({ openedAs: ctx.name }),
  methods: {
    openedAs(ctx) {
      return ctx.state.openedAs;
    },
  },
});
