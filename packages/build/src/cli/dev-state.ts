import { rmSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/**
 * Where a running `dorm dev` says how to reach its status endpoint: its URL and this run's
 * token. Under `.wrangler/` (ignored by git, and never swept by the writer of `.dorm/`).
 */
export const DEV_STATE_FILE = ".wrangler/dorm/dev.json";
/** The names instances were seen under (the inspector shows them; persisted storage has ids only). */
export const INSTANCE_NAMES_FILE = ".wrangler/dorm/instance-names.json";

export interface DevState {
  url: string;
  token: string;
  pid: number;
}

export async function writeDevState(root: string, state: DevState): Promise<void> {
  const file = join(root, DEV_STATE_FILE);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode applies only to a file it creates: a stale one from an older run keeps its own.
  await chmod(file, 0o600);
}

/** Synchronous: it runs in a signal handler, right before the process exits. */
export function removeDevState(root: string): void {
  rmSync(join(root, DEV_STATE_FILE), { force: true });
}

export async function readDevState(root: string): Promise<DevState | null> {
  let text: string;
  try {
    text = await readFile(join(root, DEV_STATE_FILE), "utf8");
  } catch {
    return null;
  }
  const state = JSON.parse(text) as Partial<DevState>;
  if (typeof state.url !== "string" || typeof state.token !== "string" || typeof state.pid !== "number") return null;
  return state as DevState;
}
