import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { TestSocket } from "../../../packages/dorm/test/realtime/socket.js";
import { gitBlobId } from "../../../packages/build/test/originals.js";
import { servedWithBrowser, skipBrowserTests } from "../../../packages/build/test/browser.js";

// Cloudflare's workers-chat-demo on dorm, driven through its own page (app/chat.html, byte for
// byte the original) in Chromium: two people in two browser contexts, then a newcomer.
const APP = fileURLToPath(new URL("..", import.meta.url));

const served = servedWithBrowser(APP);

/** Opens the page in a context of its own, enters a name, and waits for the room's welcome. */
async function person(room: string, name: string): Promise<Page> {
  const page = await (await served.browser!.newContext()).newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${served.base}#${room}`);
  await page.fill("#name-input", name);
  await page.press("#name-input", "Enter");
  await page.waitForSelector(`#chatlog p:has-text("Welcome to #${room}")`, { timeout: 20_000 });
  expect(errors).toEqual([]);
  return page;
}

async function say(page: Page, text: string): Promise<void> {
  await page.fill("#chat-input", text);
  await page.press("#chat-input", "Enter");
}

const line = (name: string, text: string) => `#chatlog p:has-text(${JSON.stringify(`${name}: ${text}`)})`;

describe("the original client", () => {
  it("app/chat.html is the demo's src/chat.html at dd32ce8, byte for byte (its git blob id)", () => {
    expect(gitBlobId(`${APP}app/chat.html`)).toBe("3314d7b1534c7a8f6ed9d3b587719575961dc74c");
  });
});

describe.skipIf(skipBrowserTests)("workers-chat-demo's page in Chromium", () => {
  it("two people chat both ways, the roster follows, a newcomer gets the history", async () => {
    const room = `room-${randomUUID().slice(0, 8)}`;
    const ada = await person(room, "ada");
    const bob = await person(room, "bob");
    await ada.waitForFunction(`[...document.querySelectorAll("#roster p")].map((p) => p.innerText).join() === "ada,bob"`, undefined, { timeout: 15_000 });

    await say(ada, "hello from ada");
    await bob.waitForSelector(line("ada", "hello from ada"), { timeout: 15_000 });
    await say(bob, "hi ada");
    await ada.waitForSelector(line("bob", "hi ada"), { timeout: 15_000 });

    const cy = await person(room, "cy");
    await cy.waitForSelector(line("bob", "hi ada"), { timeout: 15_000 });
    expect(await cy.locator("#chatlog p .username").allTextContents()).toEqual(["ada: ", "bob: "]);
    expect(await cy.locator("#roster p").allTextContents()).toEqual(["ada", "bob", "cy"]);

    await bob.context().close();
    await ada.waitForFunction(`[...document.querySelectorAll("#roster p")].map((p) => p.innerText).join() === "ada,cy"`, undefined, { timeout: 15_000 });
  }, 90_000);
});

describe("the room's protocol, from the page's point of view", () => {
  it("names longer than 32 close the socket; one address is rate-limited across its messages", async () => {
    const url = `${served.base.replace(/^http/, "ws")}api/room/limits-${randomUUID().slice(0, 8)}/websocket`;
    const long = await TestSocket.open(url);
    long.send({ name: "x".repeat(33) });
    expect(await long.next()).toEqual({ error: "Name too long." });
    expect(await long.closed()).toMatchObject({ code: 1009 });

    const eve = await TestSocket.open(url);
    eve.send({ name: "eve" });
    await eve.next((f) => f.ready === true);
    // One action per 5 s with a 20 s grace, per address (the name counts, and so did the browser
    // test's): within ten messages the limiter makes the room refuse one, as the original does.
    for (let i = 0; i < 10 && !eve.frames.some((f) => f.error); i++) {
      eve.send({ message: `m${i}` });
      await eve.next((f) => f.message === `m${i}` || f.error !== undefined);
    }
    expect(eve.frames.find((f) => f.error)).toEqual({ error: "Your IP is being rate-limited, please try again later." });
    // Refused, not closed: the page shows the error and stays in the room.
    expect(eve.closeInfo).toBeNull();
    await eve.close();
  });

  it("a frame over 4 KiB gets the page's own error line, before any name and after it, and the socket stays open", async () => {
    const url = `${served.base.replace(/^http/, "ws")}api/room/big-${randomUUID().slice(0, 8)}/websocket`;
    const big = await TestSocket.open(url);
    big.send({ name: "x".repeat(5000) });
    expect(await big.next()).toEqual({ error: "Message too long." });
    big.send("y".repeat(4 * 1024 + 1));
    expect(await big.next()).toEqual({ error: "Message too long." });
    expect(big.closeInfo).toBeNull();
    // Nothing of it reached the room: the same socket can still say who it is.
    big.send({ name: "zed" });
    expect(await big.next((f) => f.ready === true || f.error !== undefined)).toEqual({ ready: true });
    await big.close();
  });
});
