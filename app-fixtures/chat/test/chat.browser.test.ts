import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { miniflareOptions } from "../../../packages/build/src/local.js";
import { horizontalOverflow, launchChromium, screenshot, skipBrowserTests, waitForText } from "../../../packages/build/test/browser.js";
import { runCli } from "../../../packages/build/test/temp-app.js";
import { refusal } from "../app/page/refusal.js";
import { TEST_SECRETS } from "./secrets.js";

// The chat page in Chromium, at a phone's size (390 × 844) as most people would open it: separate
// browser contexts are separate people; messages, presence and typing cross through the room.
const APP = fileURLToPath(new URL("..", import.meta.url));
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
/** How long the server is down in the outage test (longer than a call's default timeout, 10 s). */
const OUTAGE_MS = 15_000;

let browser: Browser | undefined;
let mf: Miniflare | undefined;
let base = "";
let persist = "";

/** workerd on the built app, storage in a temporary folder so that a restart keeps the rooms. */
async function startServer(port: number): Promise<void> {
  mf = new Miniflare({ ...(await miniflareOptions(APP, { persistTo: persist, bindings: TEST_SECRETS })), port });
  base = (await mf.ready).href;
}

beforeAll(async () => {
  if (skipBrowserTests) return;
  const run = runCli(["build", "--root", APP]);
  expect(run.status, run.stderr).toBe(0);
  persist = await mkdtemp(join(tmpdir(), "dorm-chat-"));
  await startServer(0);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await mf?.dispose();
  if (persist) await rm(persist, { recursive: true, force: true });
});

async function person(room: string, name: string, options: BrowserContextOptions = PHONE, query = ""): Promise<Page> {
  const context = await browser!.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${base}${query}#${room}`);
  await page.fill("#name", name);
  await page.click("#join-button");
  await page.waitForSelector('#status[data-status="open"]', { timeout: 20_000 });
  expect(errors).toEqual([]);
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill("#text", text);
  await page.press("#text", "Enter");
}

const messageWith = (text: string) => `#messages li[data-id]:has-text(${JSON.stringify(text)})`;

describe.skipIf(skipBrowserTests)("chat page in Chromium", () => {
  it("two people at 390 × 844: no sideways scrolling; messages, presence; typing ends with the message", async () => {
    const room = `browser-${randomUUID().slice(0, 8)}`;
    const ada = await person(room, "ada");
    const bob = await person(room, "bob");

    for (const page of [ada, bob]) {
      await page.waitForFunction(`document.querySelectorAll("#people li").length === 2`, undefined, { timeout: 15_000 });
      const { scrollWidth, innerWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    }
    expect(await ada.locator("#people li").allTextContents()).toEqual(["ada (you)", "bob"]);

    // Bob types: Ada sees it.
    await bob.type("#text", "hel");
    await ada.waitForSelector("#typing:has-text('bob is typing')", { timeout: 15_000 });
    // From the moment Bob's message is on Ada's screen, his typing line is gone: the page
    // records what the typing line said when the message appeared (the same render, no timer).
    await ada.evaluate(`new MutationObserver((_, observer) => {
      const shown = [...document.querySelectorAll("#messages li[data-id]")].some((li) => li.textContent.includes("hello ada"));
      if (!shown) return;
      window.typingWhenShown = document.getElementById("typing").textContent;
      observer.disconnect();
    }).observe(document.getElementById("messages"), { childList: true, subtree: true })`);
    await bob.fill("#text", "hello ada");
    await bob.press("#text", "Enter");
    await ada.waitForSelector(messageWith("hello ada"), { timeout: 15_000 });
    expect(await ada.evaluate("window.typingWhenShown")).toBe("");
    expect(await ada.textContent("#typing")).toBe("");

    await say(ada, "hi bob, ada here");
    await bob.waitForSelector(messageWith("hi bob, ada here"), { timeout: 15_000 });
    for (const page of [ada, bob]) expect(await page.locator("#messages li[data-id]").count()).toBe(2);
    // Each sees their own messages on their side.
    expect(await ada.getAttribute(messageWith("hi bob, ada here"), "class")).toContain("mine");
    expect(await bob.getAttribute(messageWith("hi bob, ada here"), "class")).toContain("theirs");

    // A newcomer gets the history from the room.
    const cy = await person(room, "cy");
    await cy.waitForSelector(messageWith("hi bob, ada here"), { timeout: 15_000 });
    expect(await cy.locator("#messages li b").allTextContents()).toEqual(["bob", "ada"]);
    await screenshot(ada, "chat", "chat-390");

    // Dark mode follows the system setting.
    await ada.emulateMedia({ colorScheme: "dark" });
    expect(await ada.evaluate(`getComputedStyle(document.body).backgroundColor`)).toBe("rgb(15, 17, 21)");
    await screenshot(ada, "chat", "chat-dark-390");
    await ada.emulateMedia({ colorScheme: "light" });

    // Leaving updates the others' presence.
    await bob.context().close();
    await ada.waitForFunction(`document.querySelectorAll("#people li").length === 2`, undefined, { timeout: 15_000 });
    expect(await ada.locator("#people li").allTextContents()).toEqual(["ada (you)", "cy"]);

    // The smallest phones (360 px) and a desktop.
    await ada.setViewportSize({ width: 360, height: 740 });
    expect((await horizontalOverflow(ada)).scrollWidth).toBeLessThanOrEqual(360);
    const desk = await person(room, "dee", { viewport: { width: 1280, height: 800 } });
    await desk.waitForSelector(messageWith("hi bob, ada here"));
    await screenshot(desk, "chat", "chat-1280");
    for (const page of [ada, cy, desk]) await page.context().close();
  }, 90_000);

  it("a staff room refuses a browser without the key, and says so in words (no retry); the key lets one in", async () => {
    const room = `staff-${randomUUID().slice(0, 6)}`;
    const context = await browser!.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${base}#${room}`);
    await page.fill("#name", "eve");
    await page.click("#join-button");
    await page.waitForSelector('#status[data-status="closed"]', { timeout: 20_000 });
    expect(await page.textContent("#status")).toBe("refused");
    await waitForText(page, "#notice", "This is a staff room: it needs the staff key. Open the page with ?key=<staff key> in its address, then join again.");
    await screenshot(page, "chat", "chat-refused-390");
    // A wrong key is another refusal, in its own words.
    await page.goto(`${base}?key=nope#${room}`);
    await page.fill("#name", "eve");
    await page.click("#join-button");
    await waitForText(page, "#notice", "That staff key does not open this room. Check the key in the page's address (?key=…), then join again.");
    // With the key in the page's URL, the same room lets you in.
    await page.goto(`${base}?key=${TEST_SECRETS.STAFF_KEY}#${room}`);
    await page.fill("#name", "sam");
    await page.click("#join-button");
    await page.waitForSelector('#status[data-status="open"]', { timeout: 20_000 });
    expect(await page.isHidden("#notice")).toBe(true);
    await context.close();
  }, 60_000);

  it("on a server without STAFF_KEY, a staff room is refused as switched off (not a key problem), with no retry; other rooms work", async () => {
    // The same build, run without the secret (the test passes none; CI has no .dev.vars).
    const bare = new Miniflare({ ...(await miniflareOptions(APP)), port: 0 });
    try {
      const bareBase = (await bare.ready).href;
      const context = await browser!.newContext(PHONE);
      const page = await context.newPage();
      await page.goto(`${bareBase}?key=${TEST_SECRETS.STAFF_KEY}#staff-${randomUUID().slice(0, 6)}`);
      await page.fill("#name", "sam");
      await page.click("#join-button");
      await page.waitForSelector('#status[data-status="closed"]', { timeout: 20_000 });
      expect(await page.textContent("#status")).toBe("refused");
      await waitForText(page, "#notice", refusal({ status: 503 }));
      expect(await page.textContent("#notice")).toMatch(/^Staff rooms are off: this server has no STAFF_KEY set/);
      // A public room on the same server lets the same page in.
      await page.fill("#room", `public-${randomUUID().slice(0, 6)}`);
      await page.click("#join-button");
      await page.waitForSelector('#status[data-status="open"]', { timeout: 20_000 });
      expect(await page.isHidden("#notice")).toBe(true);
      await context.close();
    } finally {
      await bare.dispose();
    }
  }, 60_000);

  it(`a message typed while the server is down for ${OUTAGE_MS / 1000} s is kept, shown as waiting, and arrives once it is back`, async () => {
    const room = `outage-${randomUUID().slice(0, 8)}`;
    const ada = await person(room, "ada");
    const bob = await person(room, "bob");
    await say(bob, "before the outage");
    await ada.waitForSelector(messageWith("before the outage"));

    // The server goes away (workerd stops; every socket drops).
    const port = Number(new URL(base).port);
    await mf!.dispose();
    mf = undefined;
    const down = Date.now();
    await ada.waitForSelector('#status[data-status="reconnecting"]', { timeout: 20_000 });
    await waitForText(ada, "#notice", "Connection lost. Messages you send now are kept, and delivered when it is back.");
    await say(ada, "typed while the server was down");
    await ada.waitForSelector('#messages li.pending:has-text("typed while the server was down") .state:text-is("Waiting for the connection…")');
    await screenshot(ada, "chat", "chat-offline-390");

    // The outage lasts OUTAGE_MS: the length of the outage is what this test is about.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - down))));
    await startServer(port);

    // Both reconnect by themselves (backoff, at most 10 s apart); Bob gets the message, Ada's is confirmed.
    await bob.waitForSelector(messageWith("typed while the server was down"), { timeout: 40_000 });
    await ada.waitForSelector(messageWith("typed while the server was down"), { timeout: 20_000 });
    expect(await ada.locator("#messages li.pending, #messages li.failed").count()).toBe(0);
    expect(await ada.textContent("#error")).toBe("");
    expect(await ada.isHidden("#notice")).toBe(true);
    // Once, in order, after what came before.
    expect(await bob.locator("#messages li[data-id] .text").allTextContents()).toEqual(["before the outage", "typed while the server was down"]);
    for (const page of [ada, bob]) await page.context().close();
  }, 120_000);
});
