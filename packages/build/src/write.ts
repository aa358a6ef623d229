import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface WriteReport {
  /** Paths (from the root) whose content changed and were written. */
  readonly written: string[];
  readonly unchanged: string[];
  readonly removed: string[];
}

function same(a: Buffer, b: string | Uint8Array): boolean {
  return typeof b === "string" ? a.toString("utf8") === b : a.equals(b);
}

/**
 * The one writer: writes only files whose content changed (so mtimes, watchers and caches see
 * no-op builds as no-ops), and removes files in `owned` folders that are no longer generated.
 */
export async function writeIfChanged(
  root: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  owned: readonly string[] = [],
): Promise<WriteReport> {
  const report: WriteReport = { written: [], unchanged: [], removed: [] };
  for (const [path, content] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const absolute = join(root, path);
    const current = await readFile(absolute).catch(() => null);
    if (current && same(current, content)) {
      report.unchanged.push(path);
      continue;
    }
    await mkdir(dirname(absolute), { recursive: true });
    await writeFile(absolute, content);
    report.written.push(path);
  }
  for (const dir of owned) {
    const entries = await readdir(join(root, dir)).catch(() => [] as string[]);
    for (const entry of entries) {
      const path = `${dir}/${entry}`;
      if (!files.has(path)) {
        await rm(join(root, path), { recursive: true, force: true });
        report.removed.push(path);
      }
    }
  }
  return report;
}
