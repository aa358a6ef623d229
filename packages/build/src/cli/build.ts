import { relative } from "node:path";
import { buildApp } from "../build.js";

export async function buildCommand(root: string): Promise<number> {
  const started = performance.now();
  const result = await buildApp(root);
  const { project } = result;
  const where = relative(process.cwd(), project.root) || ".";
  const classes = project.manifest.objects.map((o) => o.className).join(", ") || "none";
  const ms = Math.round(performance.now() - started);
  process.stdout.write(
    `dorm: built ${where} in ${ms} ms — objects: ${classes}; ${result.written.length} file(s) written, ${result.unchanged.length} unchanged\n`,
  );
  if (project.pending) {
    process.stdout.write(`dorm: appended migration ${project.pending.tag} to dorm.migrations.json — commit it with your code\n`);
  }
  return 0;
}
