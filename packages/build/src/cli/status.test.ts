import { describe, expect, it } from "vitest";
import type { ClassStatus, StatusBoard } from "dorm/dev/board";
import { formatBoard, healthBar } from "./status.js";

const room: ClassStatus = {
  class: "ChatRoom", object: "chatRoom", binding: "ROOMS", instances: 2, known: 3, sockets: 5, storageKeys: 4, alarms: 1, schedules: 2,
  calls: 40, callsPerSecond: 1.5, errors: 1, latencyMs: { avg: 1.25, p99: 9 },
  latencyByKind: { rpc: null, fetch: { calls: 5, avg: 2, p99: 4 }, frame: { calls: 35, avg: 1.1, p99: 9 } },
  health: 97, status: "degraded", unreachable: [], instanceList: [],
};

describe("dorm status text", () => {
  it("health as seed 004's bar: ten cells, rounded down, and the percentage", () => {
    expect(healthBar(100)).toBe("██████████ 100%");
    expect(healthBar(97)).toBe("█████████░ 97%");
    expect(healthBar(5)).toBe("░░░░░░░░░░ 5%");
    expect(healthBar(null)).toBe("idle");
  });

  it("one row per class with every field of the board, the inspector's URL below", () => {
    const board: StatusBoard = { at: 0, classes: [room, { ...room, class: "Timer", binding: "TIMER", latencyMs: null, health: null, status: "idle", unreachable: [{ name: "t1", error: "boom" }] }] };
    const text = formatBoard(board, "http://127.0.0.1:8787/", "http://127.0.0.1:8787/__dorm/inspector?token=t");
    expect(text).toContain("class     binding  instances  sockets  keys  alarms  schedules  calls  calls/s  errors  avg ms  p99 ms  health");
    expect(text).toContain("ChatRoom  ROOMS    2/3        5        4     1       2          40     1.5      1       1.25    9       █████████░ 97%");
    expect(text).toMatch(/^Timer .* -\s+-\s+idle$/m);
    expect(text).toContain('  Timer "t1": boom');
    expect(text).toContain("inspector: http://127.0.0.1:8787/__dorm/inspector?token=t");
  });
});
