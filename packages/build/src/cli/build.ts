import { relative } from "node:path";
import { buildApp } from "../build.js";
import { describeStep } from "../migrations/describe.js";
import type { ProjectOverrides } from "../project.js";
import { typeNotes } from "../type-notes.js";

export async function buildCommand(root: string, overrides: ProjectOverrides = {}): Promise<number> {
  const started = performance.now();
  const result = await buildApp(root, overrides);
  const { project } = result;
  const where = relative(process.cwd(), project.root) || ".";
  const classes = project.manifest.objects.map((o) => o.className).join(", ") || "none";
  const ms = Math.round(performance.now() - started);
  process.stdout.write(
    `dorm: built ${where} in ${ms} ms — objects: ${classes}; ${result.written.length} file(s) written, ${result.unchanged.length} unchanged\n`,
  );
  for (const note of typeNotes(project.manifest)) process.stdout.write(`dorm: note: ${note}\n`);
  if (project.journalExists && !project.journalSealed && project.history.length > 0) {
    process.stdout.write(`dorm: sealed dorm.migrations.json: added a digest per step (no step changed), so an edit of its history is caught from now on — commit it\n`);
  }
  if (project.pending) {
    process.stdout.write(
      `dorm: appended migration ${project.pending.tag} to dorm.migrations.json — commit it with your code\n${describeStep(project.pending)
        .map((line) => `  ${line}\n`)
        .join("")}`,
    );
  }
  return 0;
}
