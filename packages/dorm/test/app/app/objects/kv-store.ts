import { defineDurableObject } from "dorm";
import { attempt } from "./_probe.js";

export default defineDurableObject({
  storage: "kv",
  init: () => ({ hits: 0 }),
  methods: {
    hit(ctx) {
      ctx.setState((s) => ({ hits: s.hits + 1 }));
      return ctx.state.hits;
    },
    // KV-backed limits: key 2 KiB, value 128 KiB (serialized); over-limit writes store nothing.
    async overLimits(ctx) {
      return {
        fits: await attempt(() => ctx.storage.put("fits", new Uint8Array(128 * 1024 - 64))),
        value: await attempt(() => ctx.storage.put("value", new Uint8Array(128 * 1024))),
        text: await attempt(() => ctx.storage.put("text", "x".repeat(70_000))),
        key: await attempt(() => ctx.storage.put("k".repeat(2_049), 1)),
        keyRead: await attempt(() => ctx.storage.get("k".repeat(2_049))),
        state: await attempt(() => ctx.setState({ hits: -1, blob: new Uint8Array(200_000) } as never)),
        stored: [...(await ctx.storage.list()).keys()],
        stateAfter: ctx.state,
      };
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
