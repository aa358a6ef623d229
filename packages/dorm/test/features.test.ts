import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../build/src/build.js";
import { miniflareOptions } from "../../build/src/local.js";
import { buildTestBundle } from "../../build/src/test-build.js";

// An app bundles only the runtime features its code uses (object/features.ts): test/bare-app
// schedules and answers about connections, and uses nothing else. What it left out is absent from
// its production bundle; in a test (or dev) build, reaching it anyway is an error that says what
// to add (object/left-out.ts).
const APP = fileURLToPath(new URL("./bare-app/", import.meta.url));
/** The production bundle (dist/worker.js), and the test build of the same app. */
let production: Miniflare;
let test: Miniflare;
let features: readonly string[];

async function call(mf: Miniflare, object: string, name: string, method: string, ...args: unknown[]): Promise<unknown> {
  const query = args.map((a) => `arg=${encodeURIComponent(JSON.stringify(a))}`).join("&");
  const response = await mf.dispatchFetch(`http://app/${object}/${name}/${method}?${query}`);
  return response.json();
}

beforeAll(async () => {
  features = (await buildApp(APP)).project.manifest.features;
  const { bundle } = await buildTestBundle(APP);
  production = new Miniflare(await miniflareOptions(APP));
  test = new Miniflare(await miniflareOptions(APP, { bundle }));
});
afterAll(async () => {
  await production?.dispose();
  await test?.dispose();
});

/** The core members whose part the app left out: each needs its feature. */
const CORE_MEMBERS = [
  ["storage", "ctx.storage", "storage"],
  ["sql", "ctx.sql", "sql"],
  ["setState", "ctx.setState", "state"],
  ["acceptWebSocket", "ctx.acceptWebSocket", "sockets"],
] as const;

describe("an app without optional features", () => {
  it("bundles the scheduler and the connection answers its code uses, and none of the others", () => {
    expect(features).toEqual(["connections", "scheduler"]);
    const bundle = readFileSync(join(APP, "dist/worker.js"), "utf8");
    expect(bundle).toContain("__dorm_schedules");
    // One message of each left-out part: storage limits, SQL, cron, realtime, sharding, migrations,
    // socket tags; and no stand-in for any of them.
    for (const absent of ["DORM_VALUE_TOO_LARGE", "DORM_SQL_TOO_MANY_PARAMETERS", "DORM_BAD_CRON", "DORM_CONNECT_FAILED", "DORM_BAD_SHARD_COUNT", "DORM_SQL_MIGRATION_CHANGED", "DORM_TOO_MANY_TAGS", '"DORM_NOT_BUILT"']) {
      expect(bundle).not.toContain(absent);
    }
  });

  it("keeps the core: name, and empty answers about connections", async () => {
    for (const mf of [production, test]) expect(await call(mf, "bare", "b-1", "core")).toEqual({ name: "b-1", sent: 0, connections: 0, sockets: 0 });
  });

  it.each(CORE_MEMBERS)("in a test build, ctx.%s, reached by code the build cannot read, is DORM_NOT_BUILT naming the feature to add", async (member, where, feature) => {
    const message = await call(test, "bare", "b-2", "reach", member, { n: 1 });
    expect(message).toMatch(new RegExp(`^\\[DORM_NOT_BUILT\\] ${where.replace(".", "\\.")} is not in this build of "bare".*features: \\["${feature}"\\] to dorm\\.config\\.ts`));
  });

  it.each(CORE_MEMBERS)("in the production bundle, ctx.%s fails as JavaScript does", async (member) => {
    const message = await call(production, "bare", "b-3", "reach", member, { n: 1 });
    expect(message).toMatch(/is not a function|Cannot read properties of undefined/);
    expect(message).not.toContain("DORM_");
  });

  it("in a test build, durableObjects.x.shard and .shards are DORM_NOT_BUILT without the sharding feature", async () => {
    for (const member of ["shard", "shards"]) {
      expect(await (await test.dispatchFetch(`http://app/namespace/${member}`)).text()).toMatch(/^\[DORM_NOT_BUILT\] durableObjects\.bare\.shard.*features: \["sharding"\]/);
      expect(await (await production.dispatchFetch(`http://app/namespace/${member}`)).text()).toMatch(/Cannot read properties of undefined/);
    }
  });

  it("a cron string without the cron parser is DORM_NO_CRON, saying how to bring it; other schedules work", async () => {
    for (const mf of [production, test]) {
      expect(await call(mf, "jobs", "j-1", "plan", "0 9 * * 1")).toMatch(/^\[DORM_NO_CRON\] ctx\.schedule: .*"0 9 \* \* 1".*features: \["cron"\] to dorm\.config\.ts/);
      expect(await call(mf, "jobs", "j-1", "plan", 60_000)).toBe("once");
    }
  });
});
