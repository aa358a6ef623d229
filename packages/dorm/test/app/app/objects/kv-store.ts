import { defineDurableObject } from "dorm";

export default defineDurableObject({
  storage: "kv",
  init: () => ({ hits: 0 }),
  methods: {
    hit(ctx) {
      ctx.setState((s) => ({ hits: s.hits + 1 }));
      return ctx.state.hits;
    },
    trySql(ctx) {
      try {
        ctx.sql.exec("SELECT 1");
        return "ran";
      } catch (error) {
        return (error as Error).message;
      }
    },
  },
});
