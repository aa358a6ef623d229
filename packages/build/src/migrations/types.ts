import type { StorageKind } from "../analyze.js";

/** One step of migration history, in wrangler's own shape. */
export interface MigrationStep {
  tag: string;
  new_classes?: string[];
  new_sqlite_classes?: string[];
  renamed_classes?: { from: string; to: string }[];
  deleted_classes?: string[];
  transferred_classes?: { from: string; from_script: string; to: string }[];
}

/** Classes live after a history, with each one's storage kind. */
export type LiveClasses = ReadonlyMap<string, StorageKind>;

export const JOURNAL_FILE = "dorm.migrations.json";
