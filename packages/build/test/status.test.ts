import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { WebSocket } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { until } from "../../dorm/test/until.js";
import { lineReader } from "./line-reader.js";
import { REPO, runCli, tempApp, type TempApp } from "./temp-app.js";

// `dorm status` against a real `dorm dev`: three classes, open sockets, storage, schedules.
const ROOM = `import { defineDurableObject } from "dorm";
export default defineDurableObject({
  methods: { hello: (ctx) => "hello " + ctx.name },
  fetch(request, ctx) {
    const [client, server] = Object.values(new WebSocketPair());
    ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  },
  webSocketMessage(ws, message) { ws.send(message); },
});
`;
const COUNTER = `import { defineDurableObject } from "dorm";
export default defineDurableObject({
  init: () => ({ hits: 0 }),
  methods: {
    async hit(ctx, key: string) { ctx.setState({ hits: ctx.state.hits + 1 }); await ctx.storage.put(key, 1); return (await ctx.storage.list()).size; },
    fail() { throw new Error("on purpose"); },
  },
});
`;
const TIMER = `import { defineDurableObject } from "dorm";
export default defineDurableObject({
  methods: {
    async plan(ctx) {
      await ctx.schedule(3_600_000, "later");
      await ctx.scheduleEvery(7_200_000, "later");
      await ctx.setAlarm(Date.now() + 3_600_000);
    },
    later() {},
  },
  alarm() {},
});
`;
const WORKER = `import { durableObjects } from "dorm";
export default {
  async fetch(request: Request) {
    const url = new URL(request.url);
    const [, kind, name, arg] = url.pathname.split("/");
    if (kind === "room") return durableObjects.room.get(name!).fetch(request);
    if (kind === "hit") return Response.json(await durableObjects.counter.get(name!).hit(arg!));
    if (kind === "fail") return durableObjects.counter.get(name!).fail().then(() => new Response("no"), (e: Error) => new Response(e.message, { status: 500 }));
    if (kind === "plan") return Response.json(await durableObjects.timer.get(name!).plan());
    return new Response("not found", { status: 404 });
  },
};
`;

let app: TempApp;
let child: ChildProcess | undefined;
const sockets: WebSocket[] = [];
afterAll(async () => {
  for (const ws of sockets) ws.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once("exit", r));
    child.kill("SIGTERM");
    await exited;
  }
  await app?.cleanup();
});

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error(`could not open ${url}`));
    sockets.push(ws);
  });
}

/** Send a frame and wait for the room's echo: the frame has been handled. */
function echo(ws: WebSocket, text: string): Promise<void> {
  return new Promise((resolve) => {
    ws.addEventListener("message", function onEcho(event) {
      if (event.data !== text) return;
      ws.removeEventListener("message", onEcho);
      resolve();
    });
    ws.send(text);
  });
}

describe("dorm status", () => {
  it("reports seed 004's board per class: binding, instances, sockets, keys with the state, alarms, schedules, latency with WebSocket frames, health in percent", async () => {
    app = await tempApp({ "app/objects/room.ts": ROOM, "app/objects/counter.ts": COUNTER, "app/objects/timer.ts": TIMER, "app/worker.ts": WORKER });
    expect(runCli(["status", "--root", app.root]).stderr).toContain("no dorm dev is running");

    child = spawn(process.execPath, [join(REPO, "packages/build/bin/dorm.js"), "dev", "--root", app.root, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const [, url] = await lineReader(child).next(/serving .* at (http:\/\/\S+)/);

    const ws = url!.replace(/^http/, "ws");
    const [first] = await Promise.all([open(`${ws}room/a`), open(`${ws}room/a`), open(`${ws}room/a`), open(`${ws}room/b`), open(`${ws}room/b`)]);
    // Three frames on one socket: each is an event of the room, timed like a call.
    for (const text of ["one", "two", "three"]) await echo(first!, text);
    for (const [name, key] of [["x", "k1"], ["x", "k2"], ["y", "k1"]]) expect((await fetch(`${url}hit/${name}/${key}`)).ok).toBe(true);
    expect((await fetch(`${url}fail/y`)).status).toBe(500);
    // What the object threw is printed by the dev server, at the line in the app's own file.
    await until(async () => stderr, (text) => /counter "y" threw \(the caller gets the error\)[\s\S]*Error: on purpose[\s\S]*app\/objects\/counter\.ts:6:\d+/.test(text));
    expect((await fetch(`${url}plan/t`)).ok).toBe(true);

    const run = runCli(["status", "--root", app.root, "--json"]);
    expect(run.stderr).toBe("");
    const board = JSON.parse(run.stdout) as { classes: Record<string, unknown>[] };
    const byClass = Object.fromEntries(board.classes.map((c) => [c.class, c]));
    // 5 upgrades (fetch) and 3 frames.
    expect(byClass.Room).toMatchObject({ binding: "ROOM", instances: 2, known: 2, sockets: 5, storageKeys: 0, schedules: 0, alarms: 0, calls: 8, errors: 0, health: 100, status: "ok" });
    expect(byClass.Room!.latencyByKind).toMatchObject({ rpc: null, fetch: { calls: 5 }, frame: { calls: 3 } });
    // x: k1, k2 and its state; y: k1 and its state. 3 calls of 4 succeeded.
    expect(byClass.Counter).toMatchObject({ binding: "COUNTER", instances: 2, sockets: 0, storageKeys: 5, calls: 4, errors: 1, health: 75, status: "degraded" });
    expect(byClass.Counter!.latencyMs).toMatchObject({ avg: expect.any(Number), p99: expect.any(Number) });
    expect(byClass.Counter!.callsPerSecond).toBeGreaterThan(0);
    expect(byClass.Timer).toMatchObject({ binding: "TIMER", instances: 1, schedules: 2, alarms: 1, calls: 1, errors: 0, health: 100, status: "ok" });

    const text = runCli(["status", "--root", app.root]);
    expect(text.stdout).toMatch(/^class\s+binding\s+instances\s+sockets\s+keys\s+alarms\s+schedules\s+calls\s+calls\/s\s+errors\s+avg ms\s+p99 ms\s+health$/m);
    expect(text.stdout).toMatch(/^Room\s+ROOM\s+2\/2\s+5\s+0\s+0\s+0\s+8\s/m);
    expect(text.stdout).toMatch(/^Counter\s+COUNTER\s+2\/2\s+0\s+5\s.*\s███████░░░ 75%$/m);
    expect(text.stdout).toMatch(/^inspector: http:\/\/127\.0\.0\.1:\d+\/__dorm\/inspector\?token=\S+$/m);

    // The endpoint wants this run's token.
    const state = JSON.parse(await readFile(join(app.root, ".wrangler/dorm/dev.json"), "utf8")) as { token: string };
    expect((await fetch(`${url}__dorm/status`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect((await fetch(`${url}__dorm/status`, { headers: { authorization: `Bearer ${state.token}` } })).status).toBe(200);

    // A production build has none of it.
    expect(runCli(["build", "--root", app.root]).status).toBe(0);
    const bundle = await readFile(join(app.root, "dist/worker.js"), "utf8");
    for (const marker of ["__dorm/", "DORM_DEV_TOKEN", "DORM_DEV_HOST", "__dormInspect", "devCall", "devWorker", "instance-names"]) expect(bundle).not.toContain(marker);
  });
});
