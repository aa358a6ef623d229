import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { beforeAll, describe, expect, it } from "vitest";
import { miniflareOptions } from "../../../packages/build/src/local.js";

const APP = fileURLToPath(new URL("..", import.meta.url));
const REPO = join(APP, "../..");
/** Where @cloudflare/vite-plugin puts the worker: dist/<worker name, - as _>/. */
const OUT = "dist/dorm_vite";
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", NO_UPDATE_NOTIFIER: "1" };

beforeAll(() => {
  // `vite build` in the app, as a user would run it.
  const run = spawnSync(process.execPath, [join(REPO, "node_modules/vite/bin/vite.js"), "build"], { cwd: APP, encoding: "utf8", env });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
});

describe("vite fixture: dorm() beside @cloudflare/vite-plugin", () => {
  it("vite build emits a worker with the generated classes, bindings and the journal's migrations", () => {
    const config = JSON.parse(readFileSync(join(APP, OUT, "wrangler.json"), "utf8"));
    expect(config.durable_objects.bindings).toEqual([{ name: "GUESTBOOK", class_name: "Guestbook" }]);
    expect(config.migrations).toEqual(JSON.parse(readFileSync(join(APP, "dorm.migrations.json"), "utf8")).migrations);
    const bundle = readFileSync(join(APP, OUT, "index.js"), "utf8");
    expect(bundle).toMatch(/export\s*\{[^}]*\bGuestbook\b/);
    // The dev build's instrumentation and the inspector stay out of production builds.
    for (const marker of ["__dorm/", "DORM_DEV_TOKEN", "__dormInspect", "devCall"]) expect(bundle).not.toContain(marker);
    // wrangler's redirect, written by the Cloudflare plugin, points at the Vite output.
    expect(JSON.parse(readFileSync(join(APP, ".wrangler/deploy/config.json"), "utf8")).configPath).toBe(`../../${OUT}/wrangler.json`);
  });

  it("the built worker runs in workerd: the worker reaches the object over RPC", async () => {
    const mf = new Miniflare(await miniflareOptions(APP, { config: `${OUT}/wrangler.json` }));
    try {
      const book = `/guestbook/${randomUUID()}`;
      const sign = (body: unknown) => mf.dispatchFetch(`http://vite.test${book}`, { method: "POST", body: JSON.stringify(body) });
      expect(await (await sign({ name: "ada", message: "first" })).json()).toEqual({ count: 1 });
      expect(await (await sign({ name: "bob", message: "second" })).json()).toEqual({ count: 2 });
      const bad = await sign({ name: "", message: "x" });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: "BAD_INPUT", message: expect.stringContaining("name") } });
      const entries = (await (await mf.dispatchFetch(`http://vite.test${book}`)).json()) as { name: string }[];
      expect(entries.map((e) => e.name)).toEqual(["bob", "ada"]);
    } finally {
      await mf.dispose();
    }
  });

  it("wrangler deploy --dry-run (pinned wrangler) accepts the Vite output", () => {
    const wrangler = join(REPO, "node_modules/wrangler/bin/wrangler.js");
    const run = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", join(REPO, ".tmp/dry-run", randomUUID())], { cwd: APP, encoding: "utf8", env });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Configuration being used: "${OUT}/wrangler.json"`);
    expect(run.stdout).toContain("env.GUESTBOOK (Guestbook)");
  });
});
