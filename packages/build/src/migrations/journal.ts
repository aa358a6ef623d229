import { BuildError } from "../errors.js";
import { checkSeal, sealOf } from "./seal.js";
import { JOURNAL_FILE, type MigrationStep } from "./types.js";

const STEP_KEYS = new Set(["tag", "new_classes", "new_sqlite_classes", "renamed_classes", "deleted_classes", "transferred_classes"]);

function fail(message: string, fix = `restore ${JOURNAL_FILE} from version control.`): never {
  throw new BuildError("DORM_BAD_JOURNAL", `${JOURNAL_FILE}: ${message}`, fix, { file: JOURNAL_FILE });
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v !== "")) fail(`${where} must be a list of class names.`);
  return value as string[];
}

/** Check one step's shape (not whether it replays; see replay.ts). */
export function validateStep(value: unknown, where: string): MigrationStep {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(`${where} must be an object with a "tag".`);
  const step = value as Record<string, unknown>;
  for (const key of Object.keys(step)) {
    if (!STEP_KEYS.has(key)) fail(`${where} has an unknown field "${key}"; steps use wrangler's fields: ${[...STEP_KEYS].join(", ")}.`);
  }
  if (typeof step["tag"] !== "string" || step["tag"] === "") fail(`${where} has no "tag".`);
  for (const key of ["new_classes", "new_sqlite_classes", "deleted_classes"]) {
    if (step[key] !== undefined) stringList(step[key], `${where}.${key}`);
  }
  for (const key of ["renamed_classes", "transferred_classes"]) {
    const list = step[key];
    if (list === undefined) continue;
    const fields = key === "renamed_classes" ? ["from", "to"] : ["from", "from_script", "to"];
    if (!Array.isArray(list) || !list.every((e) => typeof e === "object" && e !== null && fields.every((f) => typeof (e as Record<string, unknown>)[f] === "string"))) {
      fail(`${where}.${key} must be a list of { ${fields.join(", ")} }.`);
    }
  }
  return step as unknown as MigrationStep;
}

/** The journal as read: its steps, and whether it carries the digests that make edits detectable. */
export interface ParsedJournal {
  readonly steps: MigrationStep[];
  /**
   * False for a journal an older dorm wrote, without digests: it is adopted as it is (every step
   * still replays and is checked against app/objects/), and the next build adds the digests.
   */
  readonly sealed: boolean;
}

/** Parse the journal's text and check its seal. Pure; the file's absence is the caller's business. */
export function parseJournal(text: string): ParsedJournal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail(`not valid JSON (${(error as Error).message}).`);
  }
  const journal = value as { migrations?: unknown; digests?: unknown } | null;
  const migrations = journal?.migrations;
  if (!Array.isArray(migrations)) fail('expected { "migrations": [ ... ], "digests": [ ... ] }.');
  const steps = migrations.map((step, i) => validateStep(step, `migrations[${i}]`));
  if (journal!.digests === undefined) return { steps, sealed: steps.length === 0 };
  checkSeal(steps, journal!.digests);
  return { steps, sealed: true };
}

/** The journal's text: stable, human-readable, one step per block, sealed with its digests. */
export function formatJournal(steps: readonly MigrationStep[]): string {
  return `${JSON.stringify({ migrations: steps, digests: sealOf(steps) }, null, 2)}\n`;
}

/** The tag for the next step: `v<N>`, above every `v<n>` used so far and never reused. */
export function nextTag(steps: readonly MigrationStep[]): string {
  let highest = steps.length;
  for (const { tag } of steps) {
    const match = /^v(\d+)$/.exec(tag);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `v${highest + 1}`;
}
