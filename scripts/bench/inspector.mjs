// Benchmark 7: what the inspector page costs. `dorm dev` serves a copy of the counter fixture;
// Node sends requests one after another (POST /counter/bench/increment, through the worker to
// the object) in rounds, alternately with no inspector open and with the inspector open in
// Chromium on that very counter: the page reads the board every second and, because the
// counter changes all the time, reads the instance again every second too. Also: the bytes the
// page costs to open and to keep open.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, rm } from "node:fs/promises";
import { request, Agent } from "node:http";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import { chromium } from "playwright-core";
import { interleave, median } from "./lib/stats.mjs";

const REPO = new URL("../../", import.meta.url).pathname;
const APP = new URL("./.tmp/inspector-app/", import.meta.url).pathname;
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** `dorm dev` on a fresh copy of the counter fixture; resolves once it prints the inspector URL. */
async function startDev() {
  await rm(APP, { recursive: true, force: true });
  await cp(join(REPO, "app-fixtures/counter"), APP, { recursive: true, filter: (source) => !/\/(node_modules|\.dorm|dist|\.wrangler|test)$/.test(source) });
  const child = spawn(process.execPath, [join(REPO, "packages/build/bin/dorm.js"), "dev", "--root", APP, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const inspector = await new Promise((resolve, reject) => {
    lines.on("line", (line) => {
      const found = /^dorm dev: inspector at (http:\/\/\S+)/.exec(line);
      if (found) resolve(found[1]);
    });
    child.once("exit", (code) => reject(new Error(`dorm dev exited (${code}) before serving`)));
  });
  const stop = async () => {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
    await rm(APP, { recursive: true, force: true });
  };
  return { inspector, base: new URL("/", inspector).href, token: new URL(inspector).searchParams.get("token"), stop };
}

/** One keep-alive connection, as a browser or a script would hold it. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function post(url) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent }, (res) => {
      res.resume();
      res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`${url}: ${res.statusCode}`))));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Mean milliseconds per request over `n` sequential requests. */
async function timeRequests(url, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await post(url);
  return (performance.now() - t0) / n;
}

async function bytes(url, token) {
  const body = Buffer.from(await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
  return { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
}

/**
 * @param {{ rounds: number, requests: number, log?: (s: string) => void }} options
 */
export async function runInspector({ rounds, requests, log = () => {} }) {
  if (!existsSync(CHROMIUM)) return null;
  const dev = await startDev();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const target = `${dev.base}counter/bench/increment`;
    await timeRequests(target, Math.min(200, requests)); // warm-up: the object exists, the isolate is warm
    const board = await (await fetch(`${dev.base}__dorm/status`, { headers: { authorization: `Bearer ${dev.token}` } })).json();
    const id = board.classes[0].instanceList.find((i) => i.name === "bench").id;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Every byte the page receives while open, by request.
    let received = 0;
    page.on("response", (response) => void response.body().then((b) => (received += b.length), () => undefined));
    const open = `${dev.inspector}#/Counter/${id}/state`;

    let openSeconds = 0;
    let openBytes = 0;
    const [closed, opened] = await interleave(
      rounds,
      async () => {
        await page.goto("about:blank");
        return timeRequests(target, requests);
      },
      async () => {
        await page.goto(open);
        await page.waitForSelector('[data-panel="state"] .json');
        const before = received;
        const t0 = performance.now();
        const ms = await timeRequests(target, requests);
        openSeconds += (performance.now() - t0) / 1000;
        openBytes += received - before;
        return ms;
      },
    );
    const ratios = closed.map((c, i) => opened[i] / c);
    const sizes = {
      page: await bytes(dev.inspector, dev.token),
      board: await bytes(`${dev.base}__dorm/status`, dev.token),
      instance: await bytes(`${dev.base}__dorm/api/instance?class=Counter&id=${id}`, dev.token),
    };
    return {
      rounds,
      requests,
      closedMs: median(closed),
      openMs: median(opened),
      ratio: median(opened) / median(closed),
      ratioPaired: median(ratios),
      sizes,
      bytesPerSecondOpen: openSeconds > 0 ? openBytes / openSeconds : 0,
    };
  } finally {
    await browser.close();
    await dev.stop();
    agent.destroy();
    log("bench: inspector done");
  }
}
