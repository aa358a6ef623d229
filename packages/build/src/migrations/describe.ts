import type { MigrationStep } from "./types.js";
import { walkHistory } from "./walk.js";

/** One line per change in a step, for people: `+ Counter (sqlite)`, `~ Old → New`, `- Gone`. */
export function describeStep(step: MigrationStep): string[] {
  const lines: string[] = [];
  walkHistory([step], {
    deleted: (name) => lines.push(`- ${name} (deleted with all its data)`),
    renamed: (from, to) => lines.push(`~ ${from} → ${to} (renamed, data kept)`),
    created: (name, storage) => lines.push(`+ ${name} (${storage})`),
    transferred: ({ from, from_script, to }) => lines.push(`⇐ ${to} (transferred from ${from_script}/${from})`),
  });
  if (lines.length === 0) lines.push("(empty step)");
  return lines;
}
