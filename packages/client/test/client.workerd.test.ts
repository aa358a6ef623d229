import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildApp } from "../../build/src/build.js";
import { miniflareOptions } from "../../build/src/local.js";
import { connect, type ClientOptions, type ConnectionStatus, type DormClient } from "../src/index.js";
import type Lobby from "../../dorm/test/realtime-app/app/objects/lobby.js";

// @dorm/client in Node 20 (with `ws`) against real workerd: the runtime's test app (lobby).
const APP = fileURLToPath(new URL("../../dorm/test/realtime-app/", import.meta.url));
let mf: Miniflare;
let port: number;

async function start(): Promise<void> {
  mf = new Miniflare({ ...(await miniflareOptions(APP)), port });
  port = Number(new URL((await mf.ready).href).port);
}

/** Counts the sockets a client opens: how many attempts it made. */
function countingWebSocket(): { WebSocket: ClientOptions["WebSocket"]; opened: () => number } {
  let opened = 0;
  class Counting extends WebSocket {
    constructor(url: string) {
      super(url);
      opened++;
    }
  }
  return { WebSocket: Counting, opened: () => opened };
}

const room = () => randomUUID();
const url = (name: string, query = "?token=t&name=node") => `ws://127.0.0.1:${port}/objects/lobby/${name}/ws${query}`;
const fast: ClientOptions = { WebSocket, reconnect: { baseMs: 50, maxMs: 400 }, heartbeat: false };

/** Resolves when the client reaches `status` (or is there already). */
function reach(client: DormClient<unknown>, status: ConnectionStatus, ms = 20_000): Promise<void> {
  if (client.status === status) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`client never reached "${status}" (is "${client.status}")`)), ms);
    const stop = client.onStatus((s) => {
      if (s !== status) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

async function snapshot(name: string) {
  const ns = await mf.getDurableObjectNamespace("LOBBY");
  return (ns.get(ns.idFromName(name)) as unknown as { snapshot(): Promise<{ posts: { from: string; text: string }[] }> }).snapshot();
}

beforeAll(async () => {
  await buildApp(APP);
  port = 0;
  await start();
});
afterAll(() => mf?.dispose());

describe("@dorm/client against workerd", () => {
  it("typed calls, events and presence between two clients", async () => {
    const name = room();
    const ada = connect<typeof Lobby>(url(name, "?token=t&name=ada"), fast);
    const bob = connect<typeof Lobby>(url(name, "?token=t&name=bob"), fast);
    await Promise.all([ada.ready(), bob.ready()]);
    const heard: string[] = [];
    bob.on("posted", (message) => heard.push(`${message.from}: ${message.text}`));
    const reply = await ada.call.post({ text: "hello bob" });
    expect(reply).toEqual({ count: 1 });
    const me = await ada.call.whoami();
    expect(me.id).toBe(ada.id);
    expect(me.data.name).toBe("ada");
    await expect(ada.call.post({ text: "" })).rejects.toMatchObject({ code: "DORM_INVALID_PAYLOAD", issues: [{ path: ["text"] }] });
    await expect(ada.call.refuse()).rejects.toMatchObject({ code: "ROOM_CLOSED" });
    await bob.call.stats(); // the event was sent before this reply
    expect(heard).toEqual(["ada: hello bob"]);
    expect(ada.presence.map((p) => p.presence.name).sort()).toEqual(["ada", "bob"]);
    ada.close();
    bob.close();
  });

  it("reconnects after the server drops it (workerd restarted), re-subscribes, and flushes its queue in order", async () => {
    const name = room();
    const client = connect<typeof Lobby>(url(name), fast);
    const statuses: ConnectionStatus[] = [];
    client.onStatus((s) => statuses.push(s));
    await client.ready();
    await client.subscribe("public:news");
    const firstId = client.id;

    // The server goes away: every socket drops, and for a while nothing answers.
    await mf.dispose();
    await reach(client as DormClient<unknown>, "reconnecting");
    const sent = Array.from({ length: 25 }, (_, i) => `queued ${i}`);
    for (const text of sent) expect(client.send.post({ text })).toBe(true);
    const answered = client.call.post({ text: "last, as a call" });

    await start();
    await reach(client as DormClient<unknown>, "open");
    expect(await answered).toEqual({ count: 26 });
    expect(client.id).not.toBe(firstId);
    expect((await snapshot(name)).posts.map((p) => p.text)).toEqual([...sent, "last, as a call"]);

    // Re-subscribed: a publish on the topic from another client reaches it.
    const shouted: string[] = [];
    client.on("shouted", (m) => shouted.push(m.text));
    const other = connect<typeof Lobby>(url(name, "?token=t&name=other"), fast);
    await other.ready();
    expect(await other.call.shout({ topic: "public:news", text: "still there?" })).toEqual({ sent: 1 });
    await client.call.stats();
    expect(shouted).toEqual(["still there?"]);
    expect(statuses.filter((s) => s === "open").length).toBe(2);
    client.close();
    other.close();
  }, 60_000);

  it("does not retry a 401 (refused upgrade) nor a 4403 (closed by the object)", async () => {
    const counting = countingWebSocket();
    const refused = connect<typeof Lobby>(url(room(), "?name=no-token"), { ...fast, WebSocket: counting.WebSocket });
    let detail: unknown;
    refused.onStatus((status, d) => status === "closed" && (detail = d));
    await reach(refused as DormClient<unknown>, "closed");
    expect(detail).toMatchObject({ status: 401 });
    await expect(refused.ready()).rejects.toMatchObject({ code: "DORM_CLOSED", message: expect.stringContaining("refused the connection (401)") });
    // Longer than several backoff steps (50 ms base): had it retried, there would be more sockets.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(counting.opened()).toBe(1);
    await expect(refused.call.post({ text: "x" })).rejects.toMatchObject({ code: "DORM_CLOSED" });

    const counting2 = countingWebSocket();
    const kicked = connect<typeof Lobby>(url(room()), { ...fast, WebSocket: counting2.WebSocket });
    await kicked.ready();
    kicked.send.kickMe({ code: 4403 });
    await reach(kicked as DormClient<unknown>, "closed");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(counting2.opened()).toBe(1);

    // A server-side close with another code is retried.
    const counting3 = countingWebSocket();
    const restarted = connect<typeof Lobby>(url(room()), { ...fast, WebSocket: counting3.WebSocket });
    await restarted.ready();
    restarted.send.kickMe({ code: 1012 });
    await reach(restarted as DormClient<unknown>, "reconnecting");
    await reach(restarted as DormClient<unknown>, "open");
    expect(counting3.opened()).toBe(2);
    restarted.close();
  }, 30_000);
});
