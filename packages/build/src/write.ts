import { randomUUID } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
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
 * no-op builds as no-ops), each one whole (write then rename), and removes files in `owned`
 * folders that are no longer generated.
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
    // Through a rename, so that a watcher or a second build never reads a half-written file.
    const temporary = `${absolute}.${randomUUID()}.tmp`;
    await writeFile(temporary, content);
    await rename(temporary, absolute);
    report.written.push(path);
  }
  for (const dir of owned) {
    const entries = await readdir(join(root, dir)).catch(() => [] as string[]);
    for (const entry of entries) {
      const path = `${dir}/${entry}`;
      // A `.tmp` file is another build's write in flight (two test runs building one app).
      if (!files.has(path) && !entry.endsWith(".tmp")) {
        await rm(join(root, path), { recursive: true, force: true });
        report.removed.push(path);
      }
    }
  }
  return report;
}
