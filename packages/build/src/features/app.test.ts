import { afterEach, describe, expect, it } from "vitest";
import { loadProject } from "../project.js";
import { tempApp, type TempApp } from "../../test/temp-app.js";

const object = (body: string) => `import { defineDurableObject } from "dorm";\nexport default defineDurableObject({ ${body} });\n`;

let app: TempApp | null = null;
afterEach(() => app?.cleanup());

async function featuresOf(files: Record<string, string>): Promise<readonly string[]> {
  app = await tempApp({ "wrangler.jsonc": `{ "name": "features", "compatibility_date": "2026-04-26" }`, ...files });
  return (await loadProject(app.root)).manifest.features;
}

describe("appFeatures: what the generated entry bundles", () => {
  it("nothing optional for an app that only forwards to a raw WebSocket object", async () => {
    expect(await featuresOf({ "app/objects/echo.ts": object(`fetch(request, ctx) { return new Response(null); }`) })).toEqual([]);
  });

  it("reads each object's options and code, the worker, and the files they import by relative path", async () => {
    const features = await featuresOf({
      "app/objects/counter.ts": object(`init: () => ({ n: 0 }), sql: { migrations: ["CREATE TABLE t (x)"] }`),
      "app/objects/jobs.ts": `import { defineDurableObject } from "dorm";\nimport { later } from "../../lib/later.js";\nexport default defineDurableObject({ methods: { go(ctx) { return later(ctx); } } });\n`,
      "lib/later.ts": `import { sweep } from "./sweep";\nexport const later = (ctx: any) => ctx.schedule("0 3 * * *", "go");\n`,
      "lib/sweep.ts": `export const sweep = (ctx: any) => ctx.storage.deleteAll();\n`,
      "app/worker.ts": `import { durableObjects } from "dorm";\nexport default { fetch: () => durableObjects.counter.shard("k", 4).fetch("http://x") };\n`,
      "app/unused.ts": `export const never = (ctx: any) => ctx.sql\`SELECT 1\`;\n`,
    });
    expect(features).toEqual(["state", "storage", "sqlMigrations", "scheduler", "cron", "sharding"]);
  });

  it("dorm.config.ts features are bundled whatever the code says; a forced cron brings the scheduler", async () => {
    const features = await featuresOf({
      "app/objects/echo.ts": object(`fetch(request, ctx) { return new Response("0 9 * * 1"); }`),
      "dorm.config.ts": `export default { features: ["cron", "storage"] };\n`,
    });
    expect(features).toEqual(["storage", "scheduler", "cron"]);
  });

  it("a cron-like string without the scheduler brings nothing", async () => {
    expect(await featuresOf({ "app/objects/echo.ts": object(`fetch(request, ctx) { return new Response("0 9 * * 1"); }`) })).toEqual([]);
  });

  it("refuses an unknown feature in dorm.config.ts", async () => {
    await expect(featuresOf({ "app/objects/echo.ts": object(""), "dorm.config.ts": `export default { features: ["crons"] };\n` })).rejects.toThrow(
      /features must be a list of feature names/,
    );
  });
});
