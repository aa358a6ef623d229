import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../build/src/build.js";
import { miniflareOptions } from "../../build/src/local.js";

// An app bundles only the runtime features its code uses (object/features.ts): test/bare-app
// uses the scheduler and nothing else. What it left out is absent from its bundle, and reaching
// it anyway is an error that says what to add.
const APP = fileURLToPath(new URL("./bare-app/", import.meta.url));
let mf: Miniflare;
let features: readonly string[];

async function call(object: string, name: string, method: string, ...args: unknown[]): Promise<unknown> {
  const query = args.map((a) => `arg=${encodeURIComponent(JSON.stringify(a))}`).join("&");
  const response = await mf.dispatchFetch(`http://app/${object}/${name}/${method}?${query}`);
  return response.json();
}

beforeAll(async () => {
  features = (await buildApp(APP)).project.manifest.features;
  mf = new Miniflare(await miniflareOptions(APP));
});
afterAll(() => mf?.dispose());

describe("an app without optional features", () => {
  it("bundles the scheduler its code uses, and none of the others", () => {
    expect(features).toEqual(["scheduler"]);
    const bundle = readFileSync(join(APP, "dist/worker.js"), "utf8");
    expect(bundle).toContain("__dorm_schedules");
    // One message of each left-out part: storage limits, SQL, cron, realtime, sharding, migrations, socket tags.
    for (const absent of ["DORM_VALUE_TOO_LARGE", "DORM_SQL_TOO_MANY_PARAMETERS", "DORM_BAD_CRON", "DORM_CONNECT_FAILED", "DORM_BAD_SHARD_COUNT", "DORM_SQL_MIGRATION_CHANGED", "DORM_TOO_MANY_TAGS"]) {
      expect(bundle).not.toContain(absent);
    }
  });

  it("keeps the core: name, and empty answers about connections", async () => {
    expect(await call("bare", "b-1", "core")).toEqual({ name: "b-1", sent: 0, connections: 0, sockets: 0 });
  });

  it.each([
    ["storage", "ctx.storage", "storage"],
    ["sql", "ctx.sql", "sql"],
    ["setState", "ctx.setState", "state"],
    ["acceptWebSocket", "ctx.acceptWebSocket", "sockets"],
  ])("ctx.%s, reached by code the build cannot read, is DORM_NOT_BUILT naming the feature to add", async (member, where, feature) => {
    const message = await call("bare", "b-2", "reach", member, { n: 1 });
    expect(message).toMatch(new RegExp(`^\\[DORM_NOT_BUILT\\] ${where.replace(".", "\\.")} is not in this build of "bare".*features: \\["${feature}"\\] to dorm\\.config\\.ts`));
  });

  it("durableObjects.x.shard and .shards are DORM_NOT_BUILT without the sharding feature", async () => {
    for (const member of ["shard", "shards"]) {
      expect(await (await mf.dispatchFetch(`http://app/namespace/${member}`)).text()).toMatch(/^\[DORM_NOT_BUILT\] durableObjects\.bare\.shard.*features: \["sharding"\]/);
    }
  });

  it("a cron string without the cron parser is DORM_NO_CRON, saying how to bring it; other schedules work", async () => {
    expect(await call("jobs", "j-1", "plan", "0 9 * * 1")).toMatch(/^\[DORM_NO_CRON\] ctx\.schedule: .*"0 9 \* \* 1".*features: \["cron"\] to dorm\.config\.ts/);
    expect(await call("jobs", "j-1", "plan", 60_000)).toBe("once");
  });
});
