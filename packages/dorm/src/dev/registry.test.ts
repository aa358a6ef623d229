import { afterEach, describe, expect, it, vi } from "vitest";
import type { ObjectHost } from "../object/host.js";
import { devCall } from "./registry.js";

// The dev server's report of what an object threw says who gets the error: a caller (RPC, fetch),
// or nobody (a WebSocket handler, an alarm).
const host = { object: "room", ctx: { name: "lobby", id: { toString: () => "id-1" }, getWebSockets: () => [] } } as unknown as ObjectHost;

afterEach(() => vi.restoreAllMocks());

function logged(run: () => unknown): string {
  const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
  expect(run).toThrow("boom");
  return error.mock.calls.map((args) => args.join(" ")).join("\n");
}

describe("devCall's report", () => {
  it("an RPC method or fetch: the caller gets the error", () => {
    expect(logged(() => devCall(host, "rpc", "increment", () => { throw new Error("boom"); }))).toContain(`room "lobby" threw (the caller gets the error)`);
    expect(logged(() => devCall(host, "fetch", "fetch", () => { throw new Error("boom"); }))).toContain("(the caller gets the error)");
  });

  it("a WebSocket handler or an alarm: no caller, so the log says so and names the handler", () => {
    const kinds = { webSocketMessage: "frame", webSocketClose: "close", webSocketError: "close", alarm: "alarm" } as const;
    for (const [event, kind] of Object.entries(kinds)) {
      const text = logged(() => devCall(host, kind, event, () => { throw new Error("boom"); }));
      expect(text).toContain(`room "lobby" threw in ${event} (no caller: this log is the only report of it)`);
      expect(text).not.toContain("the caller gets the error");
    }
  });
});
