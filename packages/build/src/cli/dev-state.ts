import { readFile, rm, writeFile, mkdir } from "node:fs/promises";
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
}

export async function removeDevState(root: string): Promise<void> {
  await rm(join(root, DEV_STATE_FILE), { force: true });
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
