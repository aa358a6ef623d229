import { defineDurableObject } from "dorm";

// Item 4: values storage cannot keep, offered to setState and storage.put. Each attempt reports
// the error (or "accepted"); `stored` shows memory and storage, which must still agree.
class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

function nested(levels: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 1; i < levels; i++) node = (node.next = {}) as Record<string, unknown>;
  return root;
}

const BAD: Record<string, () => unknown> = {
  weakMap: () => ({ cache: new WeakMap() }),
  promise: () => ({ pending: Promise.resolve(1) }),
  undefined: () => undefined,
  classInstance: () => ({ at: new Point(1, 2) }),
  deep: () => nested(3_000),
};

export interface Kept {
  version: number;
  [key: string]: unknown;
}

export default defineDurableObject({
  init: (): Kept => ({ version: 1 }),
  methods: {
    async attempt(ctx, kind: string, via: "setState" | "storage.put") {
      const value = BAD[kind]!();
      try {
        if (via === "setState") await ctx.setState(value as Kept);
        else await ctx.storage.put("slot", value);
        return "accepted";
      } catch (error) {
        return (error as Error).message;
      }
    },
    async bump(ctx) {
      await ctx.setState((s) => ({ ...s, version: s.version + 1 }));
      return ctx.state.version;
    },
    async stored(ctx) {
      await ctx.storage.sync();
      return { memory: ctx.state, storage: await ctx.raw.storage.get("__dorm:state"), slot: await ctx.storage.get("slot") };
    },
  },
});
