// Apps for the per-feature size table: a counter app, and the same app with one more feature
// each. Written into scripts/bench/.tmp/features/ (inside the repo so that "dorm" resolves).
// A feature's marginal cost is its app's size minus its parent's (the counter, or the app it
// extends: presence, schemas and the rate limit extend realtime; cron extends the scheduler).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const WRANGLER = JSON.stringify({ name: "dorm-bench-feature", compatibility_date: "2026-04-26" }, null, 2);

const counter = ({ options = "", methods = "", imports = "" } = {}) => `import { defineDurableObject } from "dorm";
${imports}
export default defineDurableObject({
  init: () => ({ count: 0 }),
${options}
  methods: {
    increment(ctx, by: number) {
      ctx.setState((s) => ({ count: s.count + by }));
      return ctx.state.count;
    },
${methods}
  },
});
`;

const worker = ({ imports = "", body = "return Response.json(await durableObjects.counter.get(name).increment(1));" } = {}) => `import { durableObjects } from "dorm";
${imports}
export default {
  async fetch(request: Request): Promise<Response> {
    const name = new URL(request.url).searchParams.get("name") ?? "a";
    ${body}
  },
};
`;

/** A message that takes any payload: the bench measures the protocol, not a validator library. */
const SCHEMA = `const anything = { "~standard": { version: 1 as const, vendor: "bench", validate: (value: unknown) => ({ value }) } };`;
const realtime = (settings, schema = false) => ({
  imports: schema ? SCHEMA : "",
  options: `  messages: { bump: { ${schema ? "schema: anything, " : ""}handler(ctx, _payload, conn) { ctx.broadcast("bumped", { by: conn.id }); } } },\n  realtime: ${settings},`,
});

/** name → { parent, files } */
export const FEATURE_APPS = {
  counter: { parent: null, object: {}, worker: {} },
  realtime: { parent: "counter", object: realtime("{ presence: false, rateLimit: false }"), worker: {} },
  presence: { parent: "realtime", object: realtime("{ presence: true, rateLimit: false }"), worker: {} },
  schemas: { parent: "realtime", object: realtime("{ presence: false, rateLimit: false }", true), worker: {} },
  "rate limit": { parent: "realtime", object: realtime("{ presence: false, rateLimit: { burst: 10, perSecond: 5 } }"), worker: {} },
  storage: { parent: "counter", object: { methods: `    async remember(ctx, key: string) {\n      await ctx.storage.put(key, Date.now());\n    },` }, worker: {} },
  sql: { parent: "counter", object: { methods: "    count(ctx) {\n      return ctx.sql`SELECT count(*) AS n FROM sqlite_master`.one().n;\n    }," }, worker: {} },
  "SQL migrations": { parent: "counter", object: { options: `  sql: { migrations: ["CREATE TABLE hits (at INTEGER)"] },` }, worker: {} },
  scheduler: { parent: "counter", object: { methods: `    async tick(ctx) {\n      await ctx.scheduleEvery(60_000, "tick");\n    },` }, worker: {} },
  cron: { parent: "scheduler", object: { methods: `    async tick(ctx) {\n      await ctx.scheduleEvery(60_000, "tick");\n      await ctx.schedule("0 9 * * 1", "tick");\n    },` }, worker: {} },
  sharding: { parent: "counter", object: {}, worker: { body: `return Response.json(await durableObjects.counter.shard(name, 8).increment(1));` } },
  federate: {
    parent: "counter",
    object: {},
    worker: {
      imports: `import { federate } from "dorm";`,
      body: `return Response.json(await federate([durableObjects.counter.get(name), durableObjects.counter.get(name + "-2")], (stub) => stub.increment(1)));`,
    },
  },
};

function write(root, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Write every feature app under `dir` (replacing what was there); returns name → root. */
export function writeFeatureApps(dir) {
  rmSync(dir, { recursive: true, force: true });
  const roots = {};
  for (const [name, app] of Object.entries(FEATURE_APPS)) {
    const root = join(dir, name.replace(/\s+/g, "-").toLowerCase());
    write(root, { "wrangler.jsonc": WRANGLER, "app/objects/counter.ts": counter(app.object), "app/worker.ts": worker(app.worker) });
    roots[name] = root;
  }
  return roots;
}
