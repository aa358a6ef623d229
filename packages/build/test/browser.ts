import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { REPO } from "./temp-app.js";

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
