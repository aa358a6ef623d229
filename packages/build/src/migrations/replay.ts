import type { StorageKind } from "../analyze.js";
import { BuildError } from "../errors.js";
import { JOURNAL_FILE, type LiveClasses, type MigrationStep } from "./types.js";
import { walkHistory } from "./walk.js";

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
 * and a little stricter: tags are unique, and a rename may not land on a live class.
 */
export function replay(steps: readonly MigrationStep[], source: string = JOURNAL_FILE): Map<string, StorageKind> {
  const live = new Map<string, StorageKind>();
  const tags = new Set<string>();
  walkHistory(steps, {
    step(step, index) {
      if (tags.has(step.tag)) throw stepError(step, index, `the tag "${step.tag}" is used twice`, source);
      tags.add(step.tag);
    },
    deleted(name, step, index) {
      if (!live.delete(name)) throw stepError(step, index, `it deletes ${name}, which is not a live class`, source);
    },
    renamed(from, to, step, index) {
      const kind = live.get(from);
      if (kind === undefined) throw stepError(step, index, `it renames ${from}, which is not a live class`, source);
      if (live.has(to)) throw stepError(step, index, `it renames ${from} to ${to}, which is already a live class`, source);
      live.delete(from);
      live.set(to, kind);
    },
    created(name, storage, step, index) {
      if (live.has(name)) throw stepError(step, index, `it creates ${name}, which is already a live class`, source);
      live.set(name, storage);
    },
    transferred({ to }, step, index) {
      if (live.has(to)) throw stepError(step, index, `it transfers into ${to}, which is already a live class`, source);
      live.set(to, "sqlite");
    },
  });
  return live;
}

export function sameLive(a: LiveClasses, b: LiveClasses): boolean {
  return a.size === b.size && [...a].every(([name, kind]) => b.get(name) === kind);
}

/** How a class left the history: the step that deleted it, or renamed it away (and to what). */
export interface Retirement {
  readonly tag: string;
  readonly renamedTo: string | null;
}

/**
 * Classes a history deleted or renamed away and did not bring back, with the step that did it.
 * The planner refuses to create them again: a file that still defines one means a step deleted a
 * class it should not have (a merge, a hand edit), and a new class under the old name would look
 * like the old one while its data is, or will be, gone.
 */
export function retiredClasses(steps: readonly MigrationStep[]): Map<string, Retirement> {
  const retired = new Map<string, Retirement>();
  walkHistory(steps, {
    deleted: (name, step) => void retired.set(name, { tag: step.tag, renamedTo: null }),
    renamed(from, to, step) {
      retired.set(from, { tag: step.tag, renamedTo: to });
      retired.delete(to);
    },
    created: (name) => void retired.delete(name),
    transferred: ({ to }) => void retired.delete(to),
  });
  return retired;
}
