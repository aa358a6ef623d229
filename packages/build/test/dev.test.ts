import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lineReader } from "./line-reader.js";
import { objectSource, REPO, tempApp, type TempApp } from "./temp-app.js";

let app: TempApp | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) await stop(child);
  await app?.cleanup();
  app = undefined;
});

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once("exit", r));
  child.kill("SIGTERM");
  return exited;
}

/** `dorm dev` on an app, with what it prints. */
function devServer(root: string) {
  const child = spawn(process.execPath, [join(REPO, "packages/build/bin/dorm.js"), "dev", "--root", root, "--port", "0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return { child, ...lineReader(child) };
}

const WORKER = `import { durableObjects } from "dorm";

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const room = durableObjects.room.get(url.searchParams.get("name") ?? "lobby");
    if (url.pathname === "/bump") return Response.json(await room.bump());
    return Response.json(await room.hello());
  },
};
`;

const room = (greeting: string) => objectSource(`hello(ctx) { return \`${greeting} \${ctx.name}\`; },\n    bump(ctx) { ctx.setState({ n: ctx.state.n + 1 }); return ctx.state.n; }`);

describe("dorm dev", () => {
  it("serves, reloads an edited method, keeps the last good build through a syntax error, persists state", async () => {
    app = await tempApp({ "app/worker.ts": WORKER, "app/objects/room.ts": room("hello from") });
    const dev = devServer(app.root);
    const [, url] = await dev.next(/^dorm dev: serving .* at (http:\/\/\S+)/);
    const get = async (path: string) => (await fetch(new URL(path, url))).json();
    expect(await get("/")).toBe("hello from lobby");
    expect(await get("/bump")).toBe(1);

    // Edit a method's body: the next request after the reload runs the new code.
    await app.write({ "app/objects/room.ts": room("welcome to") });
    await dev.next(/^dorm dev: rebuilt and reloaded \(objects: Room\)/);
    expect(await get("/")).toBe("welcome to lobby");

    // A syntax error: reported with file, line and column; the last good build keeps serving.
    await app.write({ "app/objects/room.ts": room("broken").replace("{ return `", "{ return return `") });
    const [problem] = await dev.next(/^app\/objects\/room\.ts:\d+:\d+: error\[DORM_SYNTAX_ERROR\]/);
    expect(problem).toMatch(/^app\/objects\/room\.ts:6:\d+: /);
    await dev.next(/still serving the last good build; waiting for a fix/);
    expect(await get("/")).toBe("welcome to lobby");
    expect(dev.pending().some((line) => /rebuilt and reloaded/.test(line))).toBe(false);

    // Fixed: served again, and the state written before the errors is still there.
    await app.write({ "app/objects/room.ts": room("fixed:") });
    await dev.next(/^dorm dev: rebuilt and reloaded/);
    expect(await get("/")).toBe("fixed: lobby");
    expect(await get("/bump")).toBe(2);

    // Storage persists in .wrangler/state/v3 across a restart of the command, where wrangler dev
    // and the Cloudflare Vite plugin keep it too: one folder per "<worker name>-<class>".
    const { name } = JSON.parse(readFileSync(join(app.root, "dist/wrangler.json"), "utf8")) as { name: string };
    expect(readdirSync(join(app.root, ".wrangler/state/v3/do"))).toContain(`${name}-Room`);
    expect(await stop(dev.child)).toBe(0);
    const again = devServer(app.root);
    const [, url2] = await again.next(/^dorm dev: serving .* at (http:\/\/\S+)/);
    expect(await (await fetch(new URL("/bump", url2))).json()).toBe(3);
  });

  it("a new object file is picked up; the default router answers without app/worker.ts", async () => {
    app = await tempApp({ "app/objects/room.ts": objectSource("hello(ctx) { return `hello from ${ctx.name}`; }") });
    const dev = devServer(app.root);
    const [, url] = await dev.next(/^dorm dev: serving .* at (http:\/\/\S+)/);
    // Room has RPC methods only: the router does not reach it.
    expect((await fetch(`${url}objects/room/lobby`)).status).toBe(404);

    await app.write({
      "app/objects/hall.ts": `import { defineDurableObject } from "dorm";\nexport default defineDurableObject({\n  fetch: (request, ctx) => new Response(\`hall \${ctx.name}\`),\n});\n`,
    });
    await dev.next(/^dorm dev: rebuilt and reloaded \(objects: Hall, Room\)/);
    expect(await (await fetch(`${url}objects/hall/main`)).text()).toBe("hall main");
    expect(await stop(dev.child)).toBe(0);
  });
});
