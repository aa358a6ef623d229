import type { StorageKind } from "../analyze.js";
import { BuildError } from "../errors.js";
import { JOURNAL_FILE, type MigrationStep } from "./types.js";
import { walkHistory } from "./walk.js";

/**
 * How the `exports` map names each storage kind. wrangler 4.164 refuses anything else ("must be one
 * of sqlite and legacy-kv"), found by the current lane's check (scripts/lanes/exports-histories.mjs).
 */
export const EXPORT_STORAGE = { sqlite: "sqlite", kv: "legacy-kv" } as const satisfies Record<StorageKind, string>;
type ExportStorage = (typeof EXPORT_STORAGE)[StorageKind];

/** One entry of wrangler's declarative `exports` map (wrangler ≥ 4.107). */
export type DurableObjectExport =
  | { type: "durable-object"; storage: ExportStorage }
  | { type: "durable-object"; state: "deleted" }
  | { type: "durable-object"; state: "renamed"; renamed_to: string };

function unsupported(message: string): BuildError {
  return new BuildError(
    "DORM_EXPORTS_UNSUPPORTED",
    `the migration history cannot be written as declarative exports: ${message}.`,
    `build with migrations: "migrations" (the default) for this app; the exports map has one entry per class name, so it cannot say that a name was retired and then used again.`,
    { file: JOURNAL_FILE },
  );
}

/**
 * The same history as wrangler's declarative `exports`: every live class with its storage, and a
 * tombstone for every class name that was deleted or renamed (pointing at the next name).
 */
export function exportsFromHistory(steps: readonly MigrationStep[]): Record<string, DurableObjectExport> {
  const entries = new Map<string, DurableObjectExport>();
  const retired = new Set<string>();
  const create = (name: string, storage: ExportStorage) => {
    if (retired.has(name)) throw unsupported(`${name} is created again after it was deleted or renamed`);
    entries.set(name, { type: "durable-object", storage });
  };
  walkHistory(steps, {
    deleted(name) {
      retired.add(name);
      entries.set(name, { type: "durable-object", state: "deleted" });
    },
    renamed(from, to) {
      // The history replayed before it got here, so `from` is a live entry.
      const { storage } = entries.get(from) as { storage: ExportStorage };
      retired.add(from);
      entries.set(from, { type: "durable-object", state: "renamed", renamed_to: to });
      create(to, storage);
    },
    created: (name, kind) => create(name, EXPORT_STORAGE[kind]),
    transferred(_, step) {
      throw unsupported(`step "${step.tag}" transfers classes between workers`);
    },
  });
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
