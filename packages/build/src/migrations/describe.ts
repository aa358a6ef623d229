import type { MigrationStep } from "./types.js";

/** One line per change in a step, for people: `+ Counter (sqlite)`, `~ Old → New`, `- Gone`. */
export function describeStep(step: MigrationStep): string[] {
  const lines: string[] = [];
  for (const name of step.deleted_classes ?? []) lines.push(`- ${name} (deleted with all its data)`);
  for (const { from, to } of step.renamed_classes ?? []) lines.push(`~ ${from} → ${to} (renamed, data kept)`);
  for (const name of step.new_classes ?? []) lines.push(`+ ${name} (kv)`);
  for (const name of step.new_sqlite_classes ?? []) lines.push(`+ ${name} (sqlite)`);
  for (const { from, from_script, to } of step.transferred_classes ?? []) lines.push(`⇐ ${to} (transferred from ${from_script}/${from})`);
  if (lines.length === 0) lines.push("(empty step)");
  return lines;
}
