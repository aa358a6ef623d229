import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { cloudflare } from "@cloudflare/vite-plugin";
import { createServer, type ViteDevServer } from "vite";
import { afterEach, describe, expect, it } from "vitest";
import { until } from "../../dorm/test/until.js";
import { cloudflareConfigPath, dorm } from "../src/plugins/vite.js";
import { tempApp, type TempApp } from "./temp-app.js";
import { capturingLogger, freePort } from "./vite-dev.js";

let app: TempApp | undefined;
let server: ViteDevServer | undefined;
afterEach(async () => {
  await server?.close();
  await app?.cleanup();
  app = server = undefined;
});

const WORKER = `import { durableObjects } from "dorm";

type Stub = Record<string, () => Promise<unknown>>;

// GET /rpc/<object>/<name>/<method>: calls a method through the object's binding.
export default {
  async fetch(request: Request): Promise<Response> {
    const [, , object, name, method] = new URL(request.url).pathname.split("/");
    const namespace = (durableObjects as unknown as Record<string, { get(name: string): Stub }>)[object!]!;
    return Response.json(await namespace.get(name!)[method!]!());
  },
};
`;

const object = (methods: string, extra = "") =>
  `import { defineDurableObject } from "dorm";\n\nexport default defineDurableObject({\n${extra}  methods: {\n    ${methods}\n  },\n});\n`;

describe("@dorm/build/vite beside @cloudflare/vite-plugin, in vite dev", () => {
  it("a method edit is a hot update; new, renamed objects and new methods work without restarting the command", async () => {
    app = await tempApp({
      "wrangler.jsonc": `{ "name": "vite-dev-test", "compatibility_date": "2026-04-26" }`,
      "app/worker.ts": WORKER,
      "app/objects/room.ts": object("hello(ctx) { return `hello ${ctx.name}`; },"),
    });
    const root = app.root;
    const logger = capturingLogger();
    const port = await freePort();
    server = await createServer({
      root,
      configFile: false,
      customLogger: logger,
      server: { port, strictPort: true, host: "127.0.0.1" },
      plugins: [dorm(), cloudflare({ configPath: cloudflareConfigPath, inspectorPort: false })],
    });
    await server.listen();
    const rpc = async (path: string) => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/rpc/${path}`);
        return response.ok ? await response.json() : `HTTP ${response.status}`;
      } catch (error) {
        return `unreachable: ${(error as Error).message}`; // the worker restarting
      }
    };
    expect(await rpc("room/a/hello")).toBe("hello a");
    const generated = [".dorm/entry.js", ".dorm/wrangler.json", ".dorm/env.d.ts"].map((f) => join(root, f));
    const stamps = () => generated.map((f) => statSync(f).mtimeMs);
    const before = stamps();
    const restarts = () => logger.lines.filter((l) => l.includes("restarting the worker")).length;

    // A method's body: Vite's hot update; nothing regenerated, the worker not restarted.
    await app.write({ "app/objects/room.ts": object("hello(ctx) { return `welcome ${ctx.name}`; },") });
    await until(() => rpc("room/a/hello"), (v) => v === "welcome a");
    expect(stamps()).toEqual(before);
    expect(restarts()).toBe(0);

    // A new object file: regenerated, the worker restarts with the new binding, same command.
    await app.write({ "app/objects/hall.ts": object("ping(ctx) { return `pong ${ctx.name}`; },") });
    await until(() => rpc("hall/x/ping"), (v) => v === "pong x");
    expect(restarts()).toBe(1);
    const config = JSON.parse(readFileSync(join(root, ".dorm/wrangler.json"), "utf8"));
    expect(config.durable_objects.bindings.map((b: { name: string }) => b.name)).toEqual(["HALL", "ROOM"]);
    expect(config.migrations.map((m: { tag: string }) => m.tag)).toEqual(["v1", "v2"]);

    // A new method: only the entry changes; a hot update, no restart.
    const configBefore = statSync(join(root, ".dorm/wrangler.json")).mtimeMs;
    await app.write({ "app/objects/room.ts": object("hello(ctx) { return `welcome ${ctx.name}`; },\n    bye(ctx) { return `bye ${ctx.name}`; },") });
    await until(() => rpc("room/b/bye"), (v) => v === "bye b");
    expect(statSync(join(root, ".dorm/wrangler.json")).mtimeMs).toBe(configBefore);
    expect(restarts()).toBe(1);

    // A rename (with renamedFrom, so the data moves): a rename migration and a restart.
    await app.write({ "app/objects/lobby.ts": object("ping(ctx) { return `lobby ${ctx.name}`; },", `  renamedFrom: "Hall",\n`) });
    await app.remove("app/objects/hall.ts");
    await until(() => rpc("lobby/x/ping"), (v) => v === "lobby x");
    const journal = JSON.parse(readFileSync(join(root, "dorm.migrations.json"), "utf8"));
    expect(journal.migrations.at(-1)).toMatchObject({ renamed_classes: [{ from: "Hall", to: "Lobby" }] });
    // Storage is where dorm dev keeps it for the same app: .wrangler/state/v3/do/<worker>-<class>.
    expect(readdirSync(join(root, ".wrangler/state/v3/do"))).toEqual(expect.arrayContaining(["vite-dev-test-Room"]));

    // A helper starts using a runtime feature (ctx.storage): the entry now imports it.
    await app.write({ "app/tally.ts": `export const tally = async (ctx: any) => "none";\n` });
    await app.write({ "app/objects/room.ts": `import { tally } from "../tally.ts";\n${object("hello(ctx) { return `welcome ${ctx.name}`; },\n    count(ctx) { return tally(ctx); },")}` });
    await until(() => rpc("room/c/count"), (v) => v === "none");
    expect(readFileSync(join(root, ".dorm/entry.js"), "utf8")).not.toContain("storageFeature");
    await app.write({ "app/tally.ts": `export const tally = async (ctx: any) => { await ctx.storage.put("n", 7); return ctx.storage.get("n"); };\n` });
    await until(() => rpc("room/c/count"), (v) => v === 7);
    expect(readFileSync(join(root, ".dorm/entry.js"), "utf8")).toContain("storageFeature");

    // A syntax error is reported with file, line and column; nothing is regenerated.
    const settled = stamps();
    await app.write({ "app/objects/room.ts": object("hello(ctx) { return return 1; },") });
    await until(async () => logger.lines.join("\n"), (text) => /app\/objects\/room\.ts:5:\d+: error\[DORM_SYNTAX_ERROR\]/.test(text));
    expect(stamps()).toEqual(settled);
  });

  it("a missing Cloudflare plugin, or one not given dorm's config, is a clear error before anything runs", async () => {
    app = await tempApp({
      "wrangler.jsonc": `{ "name": "vite-misconfigured", "compatibility_date": "2026-04-26" }`,
      "app/objects/room.ts": object("hello(ctx) { return 1; },"),
    });
    const logger = capturingLogger();
    const base = { root: app.root, configFile: false as const, customLogger: logger, server: { port: await freePort() } };
    await expect(createServer({ ...base, plugins: [dorm()] })).rejects.toThrow(/@cloudflare\/vite-plugin is missing.*configPath: "\.dorm\/wrangler\.json"/);
    // The app's own wrangler.jsonc has no main: the Cloudflare plugin would serve no worker at all.
    await expect(createServer({ ...base, plugins: [dorm(), cloudflare({ inspectorPort: false })] })).rejects.toThrow(
      /has no worker environment "vite_misconfigured".*cloudflare\(\{ configPath: "\.dorm\/wrangler\.json" \}\)/,
    );
  });
});
