import { relative, resolve } from "node:path";
import { DEV_STATE_FILE, readDevState } from "./dev-state.js";

// The wire type and path are the runtime's (one definition).
import { STATUS_PATH, type ClassStatus, type StatusBoard } from "dorm/dev/board";

const COLUMNS: [string, (c: ClassStatus) => string][] = [
  ["class", (c) => c.class],
  ["instances", (c) => String(c.instances)],
  ["sockets", (c) => String(c.connections)],
  ["keys", (c) => String(c.storageKeys)],
  ["alarms", (c) => String(c.alarms)],
  ["schedules", (c) => String(c.schedules)],
  ["calls", (c) => String(c.calls)],
  ["errors", (c) => String(c.errors)],
  ["avg ms", (c) => (c.latencyMs ? String(c.latencyMs.avg) : "-")],
  ["p99 ms", (c) => (c.latencyMs ? String(c.latencyMs.p99) : "-")],
  ["health", (c) => c.health],
];

/** The board as a text table. Pure. */
export function formatBoard(board: StatusBoard, url: string): string {
  const rows = [COLUMNS.map(([title]) => title), ...board.classes.map((c) => COLUMNS.map(([, cell]) => cell(c)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
  const problems = board.classes.flatMap((c) => c.unreachable.map((u) => `  ${c.class} "${u.name}": ${u.error}`));
  return [
    `dorm status — ${url} — ${board.classes.length} class${board.classes.length === 1 ? "" : "es"}`,
    "",
    ...lines,
    ...(problems.length > 0 ? ["", "unreachable instances:", ...problems] : []),
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
  process.stdout.write(json ? `${JSON.stringify(board, null, 2)}\n` : formatBoard(board, state.url));
  return 0;
}
