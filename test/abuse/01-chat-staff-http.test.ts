// Item 1: the chat's WebSocket refused a staff room without the key, but GET
// /rooms/staff-ops/history answered 200 with the messages and /who with the names. Now every HTTP
// route that reads a room checks the same credential as the socket (app-fixtures/chat/app/access.ts).
import { connect } from "@dorm/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type Room from "../../app-fixtures/chat/app/objects/room.js";
import { TEST_SECRETS } from "../../app-fixtures/chat/test/secrets.js";
import { fixture, runApp, type RunningApp } from "./harness.js";

let app: RunningApp;
beforeAll(async () => {
  app = await runApp(fixture("chat"), TEST_SECRETS);
});
afterAll(() => app?.dispose());

describe("1. a chat staff room's history and people are not readable over HTTP without its key", () => {
  it("anonymous and wrong-key requests get 401/403 and none of the room's data; the key opens it", async () => {
    const room = `staff-${Date.now().toString(36)}`;
    const sam = connect<typeof Room>(`${app.url.replace(/^http/, "ws")}rooms/${room}/ws?name=sam&key=${TEST_SECRETS.STAFF_KEY}`, { WebSocket });
    try {
      await sam.ready();
      await sam.call.post({ text: "payroll is on friday" });
      for (const route of ["history", "who", "history?limit=50", "history?before=1000"]) {
        for (const [query, status] of [["", 401], ["key=guess", 403], [`key=${TEST_SECRETS.STAFF_KEY.slice(0, -1)}`, 403]] as const) {
          const path = `/rooms/${room}/${route}${query ? `${route.includes("?") ? "&" : "?"}${query}` : ""}`;
          const response = await app.fetch(path);
          expect(response.status, path).toBe(status);
          const body = await response.text();
          expect(body).not.toContain("payroll");
          expect(body).not.toContain("sam");
        }
      }
      const opened = await app.fetch(`/rooms/${room}/history?key=${TEST_SECRETS.STAFF_KEY}`);
      expect(await opened.text()).toContain("payroll is on friday");
      // A public room stays public.
      expect((await app.fetch("/rooms/lobby/who")).status).toBe(200);
    } finally {
      sam.close();
    }
  });

  it("without the STAFF_KEY secret, staff rooms are closed to everyone, over HTTP and WebSocket", async () => {
    const closed = await runApp(fixture("chat"));
    try {
      const http = await closed.fetch("/rooms/staff-ops/history?key=anything");
      expect(http.status).toBe(503);
      await http.arrayBuffer();
      const probe = await closed.fetch("/rooms/staff-ops/ws?name=eve&key=anything", { headers: { "x-dorm-probe": "1" } });
      expect(probe.status).toBe(503);
      await probe.arrayBuffer();
    } finally {
      await closed.dispose();
    }
  });
});
