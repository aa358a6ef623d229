import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { miniflareOptions } from "../../../packages/build/src/local.js";
import { gitBlobId } from "../../../packages/build/test/originals.js";
import { runCli } from "../../../packages/build/test/temp-app.js";

// partyserver's chat fixture on dorm, through its own React client (client/, the original
// files: partysocket, a CSS import) in Chromium: two browser contexts in room "abc".
const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const APP = fileURLToPath(new URL("..", import.meta.url));
const available = existsSync(CHROMIUM);
if (!available) console.warn(`browser test skipped: ${CHROMIUM} is missing; install it with \`apt-get install -y chromium\` (.ci/run does this in CI).`);

let mf: Miniflare | undefined;
let browser: Browser | undefined;
let base: string;

beforeAll(async () => {
  if (!available) return;
  const run = runCli(["build", "--root", APP]);
  expect(run.status, run.stderr).toBe(0);
  mf = new Miniflare({ ...(await miniflareOptions(APP)), port: 0 });
  base = (await mf.ready).href;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => {
  await browser?.close();
  await mf?.dispose();
});

async function open(): Promise<{ page: Page; me: string }> {
  const page = await (await browser!.newContext()).newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(base);
  const heading = await page.waitForSelector("h2 b", { timeout: 20_000 });
  const me = /^Hi (.+)!$/.exec((await heading.textContent()) ?? "")![1]!;
  expect(errors).toEqual([]);
  return { page, me };
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill("form input[type=text]", text);
  await page.press("form input[type=text]", "Enter");
}

describe("the original client", () => {
  it("client/ holds partyserver's fixtures/chat files at c9ab55f, byte for byte (their git blob ids)", () => {
    expect({
      "index.html": gitBlobId(`${APP}client/index.html`),
      "src/client.tsx": gitBlobId(`${APP}client/src/client.tsx`),
      "src/types.ts": gitBlobId(`${APP}client/src/types.ts`),
      "src/styles.css": gitBlobId(`${APP}client/src/styles.css`),
    }).toEqual({
      "index.html": "0aa708c2c9dabbd19521c497b38283159e528cb2",
      "src/client.tsx": "7ab7eae3eaaa6b3e360d54f8eabc32d8fc4d181f",
      "src/types.ts": "5c6bd08877e8fbc8f476ccd7ee676d70b1bb0cff",
      "src/styles.css": "c28c8a6467ff7242cb92cee0e4167d726accb1b0",
    });
  });
});

describe.skipIf(!available)("partyserver's chat client in Chromium", () => {
  it("both people see every message, their own included; the client's CSS applies", async () => {
    const one = await open();
    const two = await open();
    // styles.css (imported by client.tsx) is on the page: its body rule is in force.
    expect(await one.page.evaluate("getComputedStyle(document.body).maxWidth")).toBe("600px");

    await say(one.page, "hello from one");
    await say(two.page, "and from two");
    for (const { page } of [one, two]) {
      await page.waitForFunction(`document.querySelectorAll(".message").length === 2`, undefined, { timeout: 15_000 });
    }
    const lines = async (page: Page) => (await page.locator(".message").allTextContents()).map((t) => t.replace(/\u00a0/g, " "));
    const expected = [`${one.me}:  hello from one`, `${two.me}:  and from two`];
    for (const { page } of [one, two]) expect((await lines(page)).sort()).toEqual([...expected].sort());
  }, 60_000);
});
