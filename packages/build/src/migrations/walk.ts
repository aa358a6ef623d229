import type { StorageKind } from "../analyze.js";
import type { MigrationStep } from "./types.js";

/** What happens in a history, change by change. */
export interface HistoryVisitor {
  /** Before the changes of each step. */
  step?(step: MigrationStep, index: number): void;
  deleted(name: string, step: MigrationStep, index: number): void;
  renamed(from: string, to: string, step: MigrationStep, index: number): void;
  created(name: string, storage: StorageKind, step: MigrationStep, index: number): void;
  transferred(transfer: { from: string; from_script: string; to: string }, step: MigrationStep, index: number): void;
}

/**
 * Visit every change of a history in the order Cloudflare applies a step's changes, and
 * wrangler's own replay does: deleted, then renamed, then new (KV, then SQLite), then transfers.
 * The one place that order is written down.
 */
export function walkHistory(steps: readonly MigrationStep[], visitor: HistoryVisitor): void {
  steps.forEach((step, index) => {
    visitor.step?.(step, index);
    for (const name of step.deleted_classes ?? []) visitor.deleted(name, step, index);
    for (const { from, to } of step.renamed_classes ?? []) visitor.renamed(from, to, step, index);
    for (const name of step.new_classes ?? []) visitor.created(name, "kv", step, index);
    for (const name of step.new_sqlite_classes ?? []) visitor.created(name, "sqlite", step, index);
    for (const transfer of step.transferred_classes ?? []) visitor.transferred(transfer, step, index);
  });
}
