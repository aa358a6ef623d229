import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { StoredInstances } from "dorm/dev/board";
import type { NameBook } from "./names.js";

const INSTANCE_FILE = /^([0-9a-f]{64})\.sqlite$/;

/**
 * Instances with persisted storage, by class, with the names they were seen under: miniflare
 * keeps each in `<persist>/do/<worker name>-<class>/<id>.sqlite`, from this run and earlier ones.
 */
export async function storedInstances(persistDir: string, workerName: string, names: NameBook): Promise<StoredInstances> {
  const root = join(persistDir, "do");
  const prefix = `${workerName}-`;
  let folders: string[];
  try {
    folders = (await readdir(root)).filter((f) => f.startsWith(prefix));
  } catch {
    return {};
  }
  const found: StoredInstances = {};
  await Promise.all(
    folders.map(async (folder) => {
      const className = folder.slice(prefix.length);
      const files = await readdir(join(root, folder)).catch(() => [] as string[]);
      const ids = files.flatMap((f) => INSTANCE_FILE.exec(f)?.[1] ?? []).sort();
      found[className] = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await names.get(className, id)] as const)));
    }),
  );
  return found;
}
