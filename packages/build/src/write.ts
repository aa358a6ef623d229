import { randomUUID } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { BuildError } from "./errors.js";

export interface WriteReport {
  /** Paths (from the root) whose content changed and were written. */
  readonly written: string[];
  readonly unchanged: string[];
  readonly removed: string[];
}

function same(a: Buffer, b: string | Uint8Array): boolean {
  // Bytes against bytes: no decoding of the old file (a bundle's map is most of a build's output).
  return typeof b === "string" ? a.length === Buffer.byteLength(b) && a.equals(Buffer.from(b)) : a.equals(b);
}

/** Files of other builds in flight (two test runs building one app), which must be left alone. */
const inFlight = (entry: string) => entry.endsWith(".tmp") || entry.endsWith(".bak");

function writeFailed(path: string, error: unknown): BuildError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new BuildError(
    "DORM_WRITE_FAILED",
    `could not write ${path} (${reason}); no output was changed: the previous build's files are as they were.`,
    "make the path writable (a folder or a read-only file in its place, a full disk?), then build again.",
    { file: path },
  );
}

/** One change to apply: a new content for `path`, or (content null) its removal. */
interface Change {
  readonly path: string;
  readonly absolute: string;
  readonly content: string | Uint8Array | null;
  /** The new content, written beside the target first. */
  temporary?: string | undefined;
  /** Where the previous file went while the change is applied; null when there was none. */
  backup?: string | null;
}

/** What is at `absolute` now: a file's bytes, nothing, or a refusal (a folder where a file goes). */
async function current(path: string, absolute: string): Promise<Buffer | null> {
  const found = await stat(absolute).catch(() => null);
  if (found === null) return null;
  if (!found.isFile()) {
    throw new BuildError(
      "DORM_WRITE_FAILED",
      `${path} is a ${found.isDirectory() ? "folder" : "special file"}, where the build writes a file; no output was changed.`,
      `move it away (dorm owns ${path}), then build again.`,
      { file: path },
    );
  }
  return readFile(absolute);
}

/**
 * The one writer. All or nothing: every new file is written beside its target first, then all are
 * moved into place; if any step fails, the files moved so far are put back, so the previous
 * outputs stay byte for byte as they were, and the error is a BuildError naming the path. Only
 * files whose content changed are written (so mtimes, watchers and caches see no-op builds as
 * no-ops), and files in `owned` folders that are no longer generated are removed, in the same
 * all-or-nothing way.
 */
export async function writeIfChanged(
  root: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  owned: readonly string[] = [],
): Promise<WriteReport> {
  const report: WriteReport = { written: [], unchanged: [], removed: [] };
  const changes: Change[] = [];
  // Code-unit order: localeCompare's first call loads ICU's collation, 50 ms of a cold `dorm build`.
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // What is there now, read all at once (a build that changed nothing is only these reads); a
  // refusal is reported for the first path in order, whichever read failed first.
  const [existing, listings] = await Promise.all([
    Promise.allSettled(sorted.map(([path]) => current(path, join(root, path)))),
    Promise.all(owned.map((dir) => readdir(join(root, dir)).catch(() => [] as string[]))),
  ]);
  sorted.forEach(([path, content], i) => {
    const found = existing[i]!;
    if (found.status === "rejected") throw found.reason;
    if (found.value && same(found.value, content)) report.unchanged.push(path);
    else changes.push({ path, absolute: join(root, path), content });
  });
  for (const [d, dir] of owned.entries()) {
    for (const entry of listings[d]!.sort()) {
      const path = `${dir}/${entry}`;
      if (!files.has(path) && !inFlight(entry)) changes.push({ path, absolute: join(root, path), content: null });
    }
  }
  const id = randomUUID();
  try {
    // 1. Every new file beside its target. Nothing the previous build wrote has changed yet.
    for (const change of changes) {
      if (change.content === null) continue;
      try {
        await mkdir(dirname(change.absolute), { recursive: true });
        change.temporary = `${change.absolute}.${id}.tmp`;
        await writeFile(change.temporary, change.content);
      } catch (error) {
        throw writeFailed(change.path, error);
      }
    }
    // 2. Into place, each previous file kept aside until all are done.
    for (const change of changes) {
      try {
        change.backup = `${change.absolute}.${id}.bak`;
        await rename(change.absolute, change.backup).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== "ENOENT") throw error;
          change.backup = null;
        });
        if (change.temporary) {
          await rename(change.temporary, change.absolute);
          change.temporary = undefined;
        }
      } catch (error) {
        throw writeFailed(change.path, error);
      }
    }
  } catch (error) {
    await rollBack(changes);
    throw error;
  }
  // 3. Done: drop what was kept aside.
  for (const change of changes) {
    if (change.backup) await rm(change.backup, { recursive: true, force: true });
    (change.content === null ? report.removed : report.written).push(change.path);
  }
  return report;
}

/** Undo a failed write: every previous file back in place, every new one gone. */
async function rollBack(changes: readonly Change[]): Promise<void> {
  for (const change of [...changes].reverse()) {
    if (change.temporary) await rm(change.temporary, { force: true });
    if (change.backup === undefined) continue;
    if (change.backup === null) {
      // There was no file: remove the new one, if it got there.
      if (change.content !== null) await rm(change.absolute, { force: true });
      continue;
    }
    await rename(change.backup, change.absolute).catch(() => undefined);
  }
}
