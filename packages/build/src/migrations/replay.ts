import type { StorageKind } from "../analyze.js";
import { BuildError } from "../errors.js";
import { JOURNAL_FILE, type LiveClasses, type MigrationStep } from "./types.js";

function stepError(step: MigrationStep, index: number, message: string, source: string): BuildError {
  return new BuildError(
    "DORM_BAD_MIGRATION",
    `migration step ${index + 1} (tag "${step.tag}") in ${source} does not replay: ${message}.`,
    `restore ${source} from version control; history that may be deployed must not be edited by hand.`,
    { file: source },
  );
}

/**
 * Replay a history to find the live classes, checking every step the way Cloudflare applies it
 * (deleted, then renamed, then new, as wrangler does) and a little stricter: tags are unique,
 * and a rename may not land on a live class.
 */
export function replay(steps: readonly MigrationStep[], source: string = JOURNAL_FILE): Map<string, StorageKind> {
  const live = new Map<string, StorageKind>();
  const tags = new Set<string>();
  steps.forEach((step, index) => {
    if (tags.has(step.tag)) throw stepError(step, index, `the tag "${step.tag}" is used twice`, source);
    tags.add(step.tag);
    for (const name of step.deleted_classes ?? []) {
      if (!live.delete(name)) throw stepError(step, index, `it deletes ${name}, which is not a live class`, source);
    }
    for (const { from, to } of step.renamed_classes ?? []) {
      const kind = live.get(from);
      if (kind === undefined) throw stepError(step, index, `it renames ${from}, which is not a live class`, source);
      if (live.has(to)) throw stepError(step, index, `it renames ${from} to ${to}, which is already a live class`, source);
      live.delete(from);
      live.set(to, kind);
    }
    for (const [list, kind] of [
      [step.new_classes, "kv"],
      [step.new_sqlite_classes, "sqlite"],
    ] as const) {
      for (const name of list ?? []) {
        if (live.has(name)) throw stepError(step, index, `it creates ${name}, which is already a live class`, source);
        live.set(name, kind);
      }
    }
    for (const { to } of step.transferred_classes ?? []) {
      if (live.has(to)) throw stepError(step, index, `it transfers into ${to}, which is already a live class`, source);
      live.set(to, "sqlite");
    }
  });
  return live;
}

export function sameLive(a: LiveClasses, b: LiveClasses): boolean {
  return a.size === b.size && [...a].every(([name, kind]) => b.get(name) === kind);
}
