import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { miniflareOptions } from "../src/local.js";
import { REPO, runCli } from "./temp-app.js";

// Debian's Chromium, driven by playwright-core (Playwright's own browser download does not work
// here). The browser tests run one file at a time (vitest project "browser"): one Chromium at once.
export const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

const missing = `${CHROMIUM} is missing; install it with \`apt-get install -y chromium\` (.ci/run does this in CI).`;
const chromiumAvailable = existsSync(CHROMIUM);
/**
 * CI must run the browser tests: there a missing Chromium fails them (launchChromium throws).
 * Elsewhere they are skipped, with a warning.
 */
export const skipBrowserTests = !chromiumAvailable && !process.env.CI;
if (skipBrowserTests) console.warn(`browser tests skipped: ${missing}`);

export function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable) return Promise.reject(new Error(`the browser tests must run in CI, and ${missing}`));
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/**
 * For a test file that drives a fixture's own page: before the tests, builds the app at `root`
 * with the CLI, serves it on workerd at a free port and launches Chromium (unless browser tests
 * are skipped here; in CI a missing Chromium fails instead); after them, closes both. Read
 * `base` and `browser` inside the tests.
 */
export function servedWithBrowser(root: string): { readonly base: string; readonly browser: Browser | undefined } {
  let mf: Miniflare | undefined;
  const served = { base: "", browser: undefined as Browser | undefined };
  beforeAll(async () => {
    const run = runCli(["build", "--root", root]);
    expect(run.status, run.stderr).toBe(0);
    mf = new Miniflare({ ...(await miniflareOptions(root)), port: 0 });
    served.base = (await mf.ready).href;
    if (!skipBrowserTests) served.browser = await launchChromium();
  });
  afterAll(async () => {
    await served.browser?.close();
    await mf?.dispose();
  });
  return served;
}

/** Screenshots for people to look at: test-artifacts/<group>/<name>.png (gitignored). */
export async function screenshot(page: Page, group: string, name: string): Promise<string> {
  const dir = join(REPO, "test-artifacts", group);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until the element's text contains `text`. */
export async function waitForTextIn(page: Page, selector: string, text: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction(`document.querySelector(${JSON.stringify(selector)})?.textContent?.includes(${JSON.stringify(text)})`, undefined, { timeout, polling: 100 });
}

/** Waits until the element's text is exactly `expected` (the pages update themselves). */
export async function waitForText(page: Page, selector: string, expected: string, timeout = 20_000): Promise<void> {
  try {
    await page.waitForFunction(`document.querySelector(${JSON.stringify(selector)})?.textContent?.trim() === ${JSON.stringify(expected)}`, undefined, { timeout, polling: 100 });
  } catch {
    const actual = await page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.textContent?.trim() ?? "(no such element)"`);
    throw new Error(`${selector}: expected "${expected}", the page shows "${actual}"`);
  }
}

/** No horizontal scrolling: the page fits the viewport's width. */
export function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate("({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })");
}
