import { readFile, writeFile } from "node:fs/promises";
import { networkInterfaces } from "node:os";
import { connect } from "node:net";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { WebSocket } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { horizontalOverflow, launchChromium, screenshot, skipBrowserTests, waitForText, waitForTextIn } from "./browser.js";
import { fixtureCopy, startDev, type DevServer } from "./fixture-dev.js";
import { runCli } from "./temp-app.js";

// The inspector in Chromium, on copies of the counter and chat fixtures under `dorm dev`, while
// clients act: the numbers the page shows are checked against what the test did.

let browser: Browser | undefined;
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  if (!skipBrowserTests) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function serve(fixture: string): Promise<{ dev: DevServer; root: string }> {
  const copy = await fixtureCopy(fixture);
  cleanups.push(copy.cleanup);
  const dev = await startDev(copy.root);
  cleanups.push(dev.stop);
  return { dev, root: copy.root };
}

async function open(dev: DevServer, width: number, height: number, hash = ""): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  cleanups.push(async () => {
    await context.close();
    expect(errors, "errors in the inspector page").toEqual([]);
  });
  await page.goto(`${dev.inspector}${hash}`);
  await page.waitForSelector('#live[data-state="live"]');
  return page;
}

const card = (cls: string, field: string) => `[data-class="${cls}"] [data-field="${field}"]`;
const row = (name: string) => `#instances tr:has(a:text-is("${name}"))`;

/** A non-loopback address of this machine, if it has one. */
function lanAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const item of list ?? []) if (item.family === "IPv4" && !item.internal) return item.address;
  }
  return null;
}

function refusedAt(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(true));
  });
}

describe.skipIf(skipBrowserTests)("the inspector in Chromium", () => {
  it("counter: the board, an instance's state, schedules (run now, cancel), an error at its app line; across a rebuild", async () => {
    const { dev, root } = await serve("counter");
    const base = dev.url;

    // Only with this run's token, only on this machine.
    expect((await fetch(`${base}__dorm/inspector`)).status).toBe(401);
    expect((await fetch(`${base}__dorm/status`, { headers: { authorization: "Bearer not-the-token" } })).status).toBe(401);
    const lan = await fetch(dev.inspector, { headers: { "cf-connecting-ip": "192.168.1.20" } });
    expect(lan.status).toBe(403);
    expect(await lan.json()).toMatchObject({ error: { code: "DORM_NOT_LOOPBACK" } });
    const page = await fetch(dev.inspector);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(new URL(base).hostname).toBe("127.0.0.1");
    const address = lanAddress();
    if (address) expect(await refusedAt(address, Number(new URL(base).port))).toBe(true);

    // What the clients do.
    const post = (path: string) => fetch(`${base}${path}`, { method: "POST" });
    for (let i = 0; i < 3; i++) await post("counter/home/increment");
    await post("counter/work/increment?by=5");
    expect((await post("counter/daily/reset-every?ms=3600000")).ok).toBe(true);
    await post(`counter/edge/increment?by=${Number.MAX_SAFE_INTEGER}`);
    const overflow = await post("counter/edge/increment");
    expect(overflow.status).toBe(422);
    const source = await readFile(join(root, "app/objects/counter.ts"), "utf8");
    const throwLine = source.split("\n").findIndex((line) => line.includes("throw new RangeError")) + 1;

    const desktop = await open(dev, 1280, 900);
    // Four counters, each with its state (one key); one schedule; one error among 7 calls.
    await waitForText(desktop, card("Counter", "known"), "4");
    await waitForText(desktop, card("Counter", "instances"), "4");
    await waitForText(desktop, card("Counter", "storageKeys"), "4");
    await waitForText(desktop, card("Counter", "schedules"), "1");
    await waitForText(desktop, card("Counter", "alarms"), "0");
    await waitForText(desktop, card("Counter", "sockets"), "0");
    await waitForText(desktop, card("Counter", "errors"), "1");
    await waitForText(desktop, card("Counter", "health"), "85%");
    expect(await desktop.locator("#instances tbody tr").count()).toBe(4);

    // The instance that threw: the error, at its line in the app's own file.
    await desktop.click(`${row("edge")} a`);
    await desktop.click('[data-tab="errors"]');
    await waitForText(desktop, '[data-panel="errors"] [data-field="frame"]', `app/objects/counter.ts:${throwLine}:${source.split("\n")[throwLine - 1]!.indexOf("new RangeError") + 1}`);
    expect(await desktop.textContent('[data-panel="errors"] .error header')).toContain("RangeError: the count would become");
    await screenshot(desktop, "inspector", "counter-error-1280");
    // The link to Cloudflare's Local Explorer, which this miniflare offers.
    expect(await desktop.getAttribute("#explorer", "href")).toBe("/cdn-cgi/explorer/");
    expect(await desktop.isVisible("#explorer")).toBe(true);
    await desktop.emulateMedia({ colorScheme: "dark" });
    await screenshot(desktop, "inspector", "counter-error-dark-1280");
    await desktop.emulateMedia({ colorScheme: "light" });

    // State as a tree; it follows the object live (no reload of the page).
    await desktop.evaluate("window.marker = 1");
    await desktop.click(`${row("home")} a`);
    await desktop.click('[data-tab="state"]');
    await desktop.waitForSelector('[data-panel="state"] .j-key:text-is("count")');
    expect(await desktop.textContent('[data-panel="state"] .json')).toContain("count: 3");
    await post("counter/home/increment?by=10");
    await waitForTextIn(desktop, '[data-panel="state"] .json', "count: 13");

    // The schedule: run now (the counter resets), then cancel it.
    await post("counter/daily/increment?by=7");
    await desktop.click(`${row("daily")} a`);
    await desktop.click('[data-tab="schedules"]');
    await desktop.waitForSelector('[data-panel="schedules"] tr[data-schedule="reset-every"]');
    expect(await desktop.textContent('[data-panel="schedules"] tr[data-schedule="reset-every"]')).toContain("every 1 h");
    await screenshot(desktop, "inspector", "counter-schedules-1280");
    await desktop.click('tr[data-schedule="reset-every"] button:text-is("Run now")');
    await desktop.waitForSelector('.notice:text-is("Ran reset().")');
    expect(await (await fetch(`${base}counter/daily`)).json()).toEqual({ name: "daily", value: 0 });
    await desktop.click('tr[data-schedule="reset-every"] button:text-is("Cancel")');
    await desktop.waitForSelector('.notice:text-is("Cancelled reset().")');
    await waitForText(desktop, card("Counter", "schedules"), "0");

    // A rebuild (an edited method): a new isolate; the page keeps going, without a reload.
    await writeFile(join(root, "app/objects/counter.ts"), source.replace("reset it first.", "reset it first!"));
    await dev.next(/^dorm dev: rebuilt and reloaded/);
    await post("counter/home/increment");
    await waitForText(desktop, card("Counter", "instances"), "1");
    await waitForText(desktop, card("Counter", "known"), "4");
    // The new build has seen only "home"; the dev server remembers the others' names.
    expect((await desktop.locator("#instances .name a").allTextContents()).sort()).toEqual(["daily", "edge", "home", "work"]);
    await desktop.click(`${row("home")} a`);
    await desktop.click('[data-tab="state"]');
    await waitForTextIn(desktop, '[data-panel="state"] .json', "count: 14");
    expect(await desktop.evaluate("window.marker")).toBe(1);

    // `dorm status` reads the same board.
    const status = runCli(["status", "--root", root, "--json"]);
    expect(status.stderr).toBe("");
    const board = JSON.parse(status.stdout) as { classes: { class: string; known: number; binding: string }[] };
    expect(board.classes[0]).toMatchObject({ class: "Counter", binding: "COUNTER", known: 4 });

    const phone = await open(dev, 390, 844, "#/Counter");
    await waitForText(phone, card("Counter", "known"), "4");
    expect((await horizontalOverflow(phone)).scrollWidth).toBeLessThanOrEqual(390);
    await screenshot(desktop, "inspector", "counter-1280");
    await screenshot(phone, "inspector", "counter-390");
  }, 120_000);

  it("chat: sockets and connections per room, SQL rows; a room that hibernates keeps its sockets and is not woken by the page", async () => {
    const { dev } = await serve("chat");
    const ws = dev.url.replace(/^http/, "ws");
    const sockets: WebSocket[] = [];
    cleanups.push(async () => sockets.forEach((s) => s.close()));
    const join = (room: string, name: string) =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`${ws}rooms/${room}/ws?name=${name}`);
        socket.onmessage = (event) => {
          if (JSON.parse(String(event.data)).kind === "welcome") resolve(socket);
        };
        socket.onerror = () => reject(new Error(`could not join ${room} as ${name}`));
        sockets.push(socket);
      });
    const lobby = await Promise.all(["ada", "bob", "cy"].map((name) => join("lobby", name)));
    await Promise.all(["dee", "eve"].map((name) => join("ops", name)));
    const replies: string[] = [];
    lobby[0]!.addEventListener("message", (event) => replies.push(String(event.data)));
    lobby[0]!.send(JSON.stringify({ v: 1, type: "post", id: "1", payload: { text: "hello" } }));
    lobby[1]!.send(JSON.stringify({ v: 1, type: "post", id: "2", payload: { text: "hi ada" } }));

    const desktop = await open(dev, 1280, 900);
    await waitForText(desktop, card("Room", "known"), "2");
    await waitForText(desktop, card("Room", "sockets"), "5");
    await waitForText(desktop, card("Room", "storageKeys"), "0");
    await waitForText(desktop, card("Room", "errors"), "0");
    await desktop.click(`${row("lobby")} a`);
    await desktop.click('[data-tab="connections"]');
    await desktop.waitForFunction(`document.querySelectorAll('[data-panel="connections"] tbody tr').length === 3`);
    expect(await desktop.textContent('[data-panel="connections"]')).toContain('{"name":"bob"}');
    await desktop.click('[data-tab="sql"]');
    await desktop.click('[data-table="messages"]');
    await waitForText(desktop, '[data-panel="sql"] [data-field="rows"]', "rows 1–2 of 2");
    expect(await desktop.textContent('[data-panel="sql"] tbody')).toContain("hi ada");
    await screenshot(desktop, "inspector", "chat-sql-1280");
    await desktop.click('[data-tab="connections"]');

    // Quiet for a while, the rooms go to sleep (workerd hibernates them); their sockets stay
    // open and counted, and the page, which keeps reading the board, does not wake them.
    await waitForText(desktop, card("Room", "instances"), "0", 30_000);
    await waitForText(desktop, card("Room", "sockets"), "5");
    const asleep = await desktop.getAttribute(`${row("lobby")} .dot`, "aria-label");
    expect(asleep).toBe("asleep");
    // A frame wakes the room; the page follows.
    lobby[2]!.send(JSON.stringify({ v: 1, type: "post", id: "3", payload: { text: "back" } }));
    await waitForText(desktop, card("Room", "instances"), "1");
    await desktop.click('[data-tab="sql"]');
    await waitForText(desktop, '[data-panel="sql"] [data-field="rows"]', "rows 1–3 of 3");
    await desktop.click('[data-tab="connections"]');
    await screenshot(desktop, "inspector", "chat-1280");
    const phone = await open(dev, 390, 844, `#/Room`);
    await waitForText(phone, card("Room", "sockets"), "5");
    expect((await horizontalOverflow(phone)).scrollWidth).toBeLessThanOrEqual(390);
    await screenshot(phone, "inspector", "chat-390");
  }, 120_000);
});
