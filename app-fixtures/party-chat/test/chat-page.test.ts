import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { MAX_CONTENT, MAX_FRAME_BYTES, MAX_SENDER, RATE_LIMIT } from "../app/chat-message.js";
import { TestSocket } from "../../../packages/dorm/test/realtime/socket.js";
import { gitBlobId } from "../../../packages/build/test/originals.js";
import { servedWithBrowser, skipBrowserTests } from "../../../packages/build/test/browser.js";

// partyserver's chat fixture on dorm, through its own React client (client/, the original
// files: partysocket, a CSS import) in Chromium: two browser contexts in room "abc".
const APP = fileURLToPath(new URL("..", import.meta.url));

const served = servedWithBrowser(APP);

async function open(): Promise<{ page: Page; me: string }> {
  const page = await (await served.browser!.newContext()).newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(served.base);
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

describe.skipIf(skipBrowserTests)("partyserver's chat client in Chromium", () => {
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

describe("the room's limits, over plain sockets (what partysocket sends)", () => {
  const room = () => `${served.base.replace(/^http/, "ws")}parties/chat/limits-${Math.random().toString(36).slice(2, 10)}`;
  const message = (content: string, sender = "Alice") => ({ id: `id-${content.slice(0, 8)}`, type: "chat-message", content, sender });

  it("relays chat messages within the limits and drops anything else", async () => {
    const url = room();
    const [alice, bob] = await Promise.all([TestSocket.open(url), TestSocket.open(url)]);
    for (const frame of [
      "not json",
      "[1,2]",
      { ...message("hi"), type: "system" },
      { ...message("hi"), admin: true },
      message("x".repeat(MAX_CONTENT + 1)),
      message("", "Alice"),
      message("hi", "y".repeat(MAX_SENDER + 1)),
      { ...message("hi"), id: 42 },
    ]) {
      alice.send(frame);
    }
    // Frames of one socket are handled in order: the valid one after them is the first bob gets.
    const ok = message("z".repeat(MAX_CONTENT), "y".repeat(MAX_SENDER));
    alice.send(ok);
    expect(await bob.next()).toEqual(ok);
    expect(await alice.next()).toEqual(ok);
    expect(bob.frames).toHaveLength(1);
    await Promise.all([alice.close(), bob.close()]);
  });

  it(`a frame over ${MAX_FRAME_BYTES} bytes closes its socket with 1009; others stay`, async () => {
    const url = room();
    const [mallory, bob] = await Promise.all([TestSocket.open(url), TestSocket.open(url)]);
    mallory.send("x".repeat(MAX_FRAME_BYTES + 1));
    expect(await mallory.closed()).toMatchObject({ code: 1009 });
    const after = TestSocket.open(url);
    (await after).send(message("still here"));
    expect(await bob.next()).toEqual(message("still here"));
    await Promise.all([bob.close(), (await after).close()]);
  });

  it(`a connection sending faster than ${RATE_LIMIT.perSecond} frames a second (after a burst of ${RATE_LIMIT.burst}) is closed with 1008`, async () => {
    const flood = await TestSocket.open(room());
    // Three times the burst at once: the refill during the sends is far below the excess.
    for (let i = 0; i < RATE_LIMIT.burst * 3; i++) flood.send(message(`flood ${i}`));
    expect(await flood.closed()).toMatchObject({ code: 1008 });
    expect(flood.frames.length).toBeLessThan(RATE_LIMIT.burst * 3);
  });
});
