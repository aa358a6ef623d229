import { readdir } from "node:fs/promises";
import { join } from "node:path";

const INSTANCE_FILE = /^([0-9a-f]{64})\.sqlite$/;

/**
 * Instances with persisted storage, by class: miniflare keeps each in
 * `<persist>/do/<worker name>-<class>/<id>.sqlite`, from this run and earlier ones.
 */
export async function storedInstances(persistDir: string, workerName: string): Promise<Record<string, string[]>> {
  const root = join(persistDir, "do");
  const prefix = `${workerName}-`;
  let folders: string[];
  try {
    folders = (await readdir(root)).filter((f) => f.startsWith(prefix));
  } catch {
    return {};
  }
  const found: Record<string, string[]> = {};
  await Promise.all(
    folders.map(async (folder) => {
      const files = await readdir(join(root, folder)).catch(() => [] as string[]);
      found[folder.slice(prefix.length)] = files.flatMap((f) => INSTANCE_FILE.exec(f)?.[1] ?? []).sort();
    }),
  );
  return found;
}
