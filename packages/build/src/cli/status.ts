import { relative, resolve } from "node:path";
import { DEV_STATE_FILE, readDevState } from "./dev-state.js";

// The wire type is the runtime's (one definition); type-only, so nothing of it is bundled.
import type { ClassStatus, StatusBoard } from "dorm/dev/board";
import { inspectorUrl, STATUS_PATH } from "../../../dorm/src/dev/board.js";

/** Seed 004's health bar: ten cells, one per 10%. */
export function healthBar(percent: number | null): string {
  if (percent === null) return "idle";
  // Rounded down: the bar never shows more health than there is.
  const full = Math.floor(percent / 10);
  return `${"█".repeat(full)}${"░".repeat(10 - full)} ${percent}%`;
}

const ms = (value: number | undefined) => (value === undefined ? "-" : String(value));

const COLUMNS: [string, (c: ClassStatus) => string][] = [
  ["class", (c) => c.class],
  ["binding", (c) => c.binding],
  ["instances", (c) => `${c.instances}/${c.known}`],
  ["sockets", (c) => String(c.sockets)],
  ["keys", (c) => String(c.storageKeys)],
  ["alarms", (c) => String(c.alarms)],
  ["schedules", (c) => String(c.schedules)],
  ["calls", (c) => String(c.calls)],
  ["calls/s", (c) => String(c.callsPerSecond)],
  ["errors", (c) => String(c.errors)],
  ["avg ms", (c) => ms(c.latencyMs?.avg)],
  ["p99 ms", (c) => ms(c.latencyMs?.p99)],
  ["health", (c) => healthBar(c.health)],
];

/** The board as a text table. Pure. */
export function formatBoard(board: StatusBoard, url: string, inspector?: string): string {
  const rows = [COLUMNS.map(([title]) => title), ...board.classes.map((c) => COLUMNS.map(([, cell]) => cell(c)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
  const problems = board.classes.flatMap((c) => c.unreachable.map((u) => `  ${c.class} "${u.name}": ${u.error}`));
  return [
    `dorm status — ${url} — ${board.classes.length} class${board.classes.length === 1 ? "" : "es"}`,
    "",
    ...lines,
    "",
    "instances: awake/known · latency over recent RPC calls, fetches and WebSocket frames · health: share of recent events that succeeded",
    ...(problems.length > 0 ? ["", "unreachable instances:", ...problems] : []),
    ...(inspector ? ["", `inspector: ${inspector}`] : []),
    "",
  ].join("\n");
}

/** `dorm status [--root DIR] [--json]`: the board of the `dorm dev` running for this app. */
export async function statusCommand(rootDir: string, json: boolean): Promise<number> {
  const root = resolve(rootDir);
  const state = await readDevState(root);
  const where = relative(process.cwd(), root) || ".";
  if (!state) {
    process.stderr.write(`dorm status: no dorm dev is running for ${where} (${DEV_STATE_FILE} is missing); start one with \`dorm dev --root ${where}\`.\n`);
    return 1;
  }
  let response: Response;
  try {
    response = await fetch(new URL(STATUS_PATH, state.url), { headers: { authorization: `Bearer ${state.token}` } });
  } catch (error) {
    process.stderr.write(`dorm status: the dev server at ${state.url} (pid ${state.pid}) does not answer: ${(error as Error).message}. Is dorm dev still running?\n`);
    return 1;
  }
  if (!response.ok) {
    process.stderr.write(`dorm status: ${state.url} answered ${response.status}: ${await response.text()}\n`);
    return 1;
  }
  const board = (await response.json()) as StatusBoard;
  process.stdout.write(json ? `${JSON.stringify(board, null, 2)}\n` : formatBoard(board, state.url, inspectorUrl(state.url, state.token)));
  return 0;
}
