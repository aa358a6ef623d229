import { writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { planDelete } from "../migrations/delete.js";
import { describeStep } from "../migrations/describe.js";
import { formatJournal } from "../migrations/journal.js";
import { replay } from "../migrations/replay.js";
import { JOURNAL_FILE, type MigrationStep } from "../migrations/types.js";
import { loadProject, readHistory } from "../project.js";
import { scan } from "../scan.js";
import { reportError } from "./output.js";

const out = (text: string) => process.stdout.write(`${text}\n`);

function printHistory(history: readonly MigrationStep[]): void {
  out(`history (${JOURNAL_FILE}): ${history.length === 0 ? "empty" : `${history.length} step(s)`}`);
  for (const step of history) {
    const [first, ...rest] = describeStep(step);
    out(`  ${step.tag.padEnd(6)} ${first}`);
    for (const line of rest) out(`  ${"".padEnd(6)} ${line}`);
  }
}

/** `dorm migrations status`: the history, the live classes, and what the next build would add. */
export async function statusCommand(rootDir: string): Promise<number> {
  const root = resolve(rootDir);
  const { user, history, journalExists, journalSealed } = readHistory(root);
  printHistory(history);
  if (!journalExists && history.length > 0) out(`  (adopted from ${user.file}; the next build writes ${JOURNAL_FILE})`);
  else if (!journalSealed && history.length > 0) out(`  (written by an older dorm, without digests; the next build adds them, changing no step)`);
  const live = replay(history);
  const files = new Map((await scan(root)).objects.map((o) => [o.names.className, o.file]));
  out(live.size === 0 ? "live classes: none" : "live classes:");
  for (const [name, kind] of [...live].sort(([a], [b]) => a.localeCompare(b))) {
    out(`  ${name.padEnd(20)} ${kind.padEnd(7)} ${files.get(name) ?? "(no object file: the next build fails until you restore it or delete the class)"}`);
  }
  try {
    const project = await loadProject(root);
    if (project.pending) {
      out(`pending (the next build appends it): ${project.pending.tag}`);
      for (const line of describeStep(project.pending)) out(`  ${line}`);
    } else {
      out("pending: nothing; the history matches app/objects/");
    }
    return 0;
  } catch (error) {
    out("pending: the next build fails (see below)");
    return reportError(error, "fix them before the next build.");
  }
}

/** `dorm migrations check`: exit 1 when a build would change the committed history (for CI). */
export async function checkCommand(rootDir: string): Promise<number> {
  const root = resolve(rootDir);
  const project = await loadProject(root);
  if (project.pending) {
    process.stderr.write(
      `dorm migrations check: a build would append ${project.pending.tag} to ${JOURNAL_FILE}:\n${describeStep(project.pending)
        .map((l) => `  ${l}\n`)
        .join("")}run \`dorm build\` and commit ${JOURNAL_FILE}.\n`,
    );
    return 1;
  }
  if (!project.journalExists && project.history.length > 0) {
    process.stderr.write(`dorm migrations check: ${JOURNAL_FILE} does not exist yet (the history is adopted from ${project.user.file}); run \`dorm build\` and commit it.\n`);
    return 1;
  }
  if (!project.journalSealed && project.history.length > 0) {
    process.stderr.write(
      `dorm migrations check: ${JOURNAL_FILE} has no digests (an older dorm wrote it), so an edit of its steps would go unnoticed; run \`dorm build\` (it adds them and changes no step) and commit it.\n`,
    );
    return 1;
  }
  out(`dorm migrations check: ${JOURNAL_FILE} is up to date (${project.history.length} step(s))`);
  return 0;
}

/** `dorm migrations delete <Class> [--yes]`: the only way a history gets `deleted_classes`. */
export async function deleteCommand(rootDir: string, className: string | undefined, yes: boolean): Promise<number> {
  const root = resolve(rootDir);
  if (!className) {
    process.stderr.write("usage: dorm migrations delete <Class> --yes\n");
    return 1;
  }
  const { history } = readHistory(root);
  const definedBy = new Map((await scan(root)).objects.map((o) => [o.names.className, o.file]));
  const step = planDelete(history, className, definedBy);
  const kind = replay(history).get(className);
  out(`This appends ${step.tag} to ${JOURNAL_FILE}: deleted_classes [${className}].`);
  out(`When it is deployed, every ${className} object and all of its storage (${kind}) are destroyed. It cannot be undone.`);
  if (!yes) {
    process.stderr.write(`nothing was changed; run \`dorm migrations delete ${className} --yes\` to append it.\n`);
    return 1;
  }
  await writeFile(join(root, JOURNAL_FILE), formatJournal([...history, step]));
  out(`appended ${step.tag}. Run \`dorm build\`, commit ${JOURNAL_FILE}, then deploy.`);
  return 0;
}

/** Build problems thrown from here are reported by the CLI's main. */
export function migrationsCommand(sub: string | undefined, root: string, args: string[], yes: boolean): Promise<number> {
  switch (sub) {
    case "status":
      return statusCommand(root);
    case "check":
      return checkCommand(root);
    case "delete":
      return deleteCommand(root, args[0], yes);
    default:
      process.stderr.write(`dorm migrations: unknown subcommand "${sub ?? ""}" (status, check, delete <Class> --yes)\n`);
      return Promise.resolve(1);
  }
}
