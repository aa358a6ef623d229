import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { cloudflare } from "@cloudflare/vite-plugin";
import { createServer, type ViteDevServer } from "vite";
import { afterEach, describe, expect, it } from "vitest";
import { cloudflareConfigPath, dorm } from "../src/plugins/vite.js";
import type { InstanceDetail, StatusBoard } from "dorm/dev/board";
import { REPO, tempApp, type TempApp } from "./temp-app.js";
import { capturingLogger, freePort } from "./vite-dev.js";

let app: TempApp | undefined;
let server: ViteDevServer | undefined;
afterEach(async () => {
  await server?.close();
  await app?.cleanup();
  app = server = undefined;
});

const WORKER = `import { durableObjects } from "dorm";
export default {
  async fetch(request: Request): Promise<Response> {
    const [, , name, op] = new URL(request.url).pathname.split("/");
    const tally = durableObjects.tally.get(name!);
    if (op === "fail") return tally.fail().then(() => new Response("no"), (e: Error) => new Response(e.message, { status: 500 }));
    return Response.json(await tally.add());
  },
};
`;
const TALLY = `import { defineDurableObject } from "dorm";
export default defineDurableObject({
  init: () => ({ n: 0 }),
  methods: {
    add(ctx) { ctx.setState({ n: ctx.state.n + 1 }); return ctx.state.n; },
    fail() { throw new TypeError("tally refuses"); },
  },
});
`;

describe("the inspector in vite dev", () => {
  it("Vite's server serves the page with the run's token; the board and an error at its app line come from the worker; dorm status finds it", async () => {
    app = await tempApp({ "wrangler.jsonc": `{ "name": "vite-inspect", "compatibility_date": "2026-04-26" }`, "app/worker.ts": WORKER, "app/objects/tally.ts": TALLY });
    const logger = capturingLogger();
    const port = await freePort();
    server = await createServer({
      root: app.root,
      configFile: false,
      customLogger: logger,
      server: { port, strictPort: true, host: "127.0.0.1" },
      plugins: [dorm(), cloudflare({ configPath: cloudflareConfigPath, inspectorPort: false })],
    });
    await server.listen();
    const base = `http://127.0.0.1:${port}/`;
    expect(await (await fetch(`${base}t/a/add`)).json()).toBe(1);
    expect(await (await fetch(`${base}t/a/add`)).json()).toBe(2);
    expect((await fetch(`${base}t/b/fail`)).status).toBe(500);

    const [, inspector] = /dorm: inspector at (http:\/\/127\.0\.0\.1:\d+\/__dorm\/inspector\?token=\S+)/.exec(logger.lines.join("\n"))!;
    const token = new URL(inspector!).searchParams.get("token")!;
    expect((await fetch(`${base}__dorm/inspector`)).status).toBe(401);
    expect((await fetch(`${base}__dorm/status`)).status).toBe(401);
    const page = await fetch(inspector!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<section id="board"');

    const auth = { headers: { authorization: `Bearer ${token}` } };
    const board = (await (await fetch(`${base}__dorm/status`, auth)).json()) as StatusBoard;
    expect(board.classes[0]).toMatchObject({ class: "Tally", binding: "TALLY", instances: 2, known: 2, storageKeys: 2, calls: 3, errors: 1, health: 66 });
    const b = board.classes[0]!.instanceList.find((i) => i.name === "b")!;
    const detail = (await (await fetch(`${base}__dorm/api/instance?class=Tally&id=${b.id}`, auth)).json()) as InstanceDetail;
    expect(detail.state).toEqual({ n: 0 });
    // Positions from Vite's module runner, relative to the app (the Node side rewrote them).
    expect(detail.errors[0]).toMatchObject({ where: "fail()", name: "TypeError", message: "tally refuses" });
    expect(detail.errors[0]!.stack).toMatch(/^\s+at Object\.fail \(app\/objects\/tally\.ts:6:\d+\)$/m);

    // dorm status reads the same board from the Vite server (in this process: not spawnSync).
    const status = await promisify(execFile)(process.execPath, [join(REPO, "packages/build/bin/dorm.js"), "status", "--root", app.root, "--json"]);
    expect(status.stderr).toBe("");
    expect((JSON.parse(status.stdout) as StatusBoard).classes[0]).toMatchObject({ class: "Tally", known: 2 });
  });
});
