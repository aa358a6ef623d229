import { defineDurableObject } from "dorm";

// Storage keys as a hand-written class passes them (Cloudflare's alarms example: put(this.count, ...)).
type Loose = { put(key: unknown, value?: unknown): Promise<void>; get(key: unknown): Promise<unknown>; delete(key: unknown): Promise<unknown> };

export default defineDurableObject({
  methods: {
    async probe(ctx) {
      const storage = ctx.storage as unknown as Loose;
      const out: Record<string, unknown> = {};
      const attempt = async (name: string, run: () => Promise<unknown>) => {
        try {
          out[name] = await run();
        } catch (error) {
          out[name] = `${(error as Error).name}: ${(error as Error).message}`;
        }
      };
      await attempt("put1", () => storage.put(1, "one"));
      await attempt("get1", () => storage.get(1));
      await attempt("getText", () => storage.get("1"));
      await attempt("putTrue", () => storage.put(true, "t"));
      await attempt("putNull", () => storage.put(null, "n"));
      await attempt("putBigint", () => storage.put(10n, "big"));
      await attempt("getMany", async () => [...((await storage.get([1, 2])) as Map<string, unknown>)]);
      await attempt("delete1", () => storage.delete(1));
      await attempt("putSymbol", () => storage.put(Symbol("s"), "s"));
      await attempt("putEntriesAndValue", () => storage.put({ a: 1 }, "o"));
      out.list = [...(await ctx.storage.list()).keys()];
      return out;
    },
  },
});
