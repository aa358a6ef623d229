import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { analyzeObject } from "./analyze.js";
import type { AnalysisCache } from "./analysis-cache.js";
import { resolveBindings } from "./bindings.js";
import { checkCompatibilityDate } from "./compatibility.js";
import { readUserConfig, type UserConfig } from "./config.js";
import { loadDormConfig, type MigrationsFormat } from "./dorm-config.js";
import { BuildError, BuildErrors } from "./errors.js";
import type { Manifest, ObjectEntry } from "./manifest.js";
import { nextTag, parseJournal, validateStep, type ParsedJournal } from "./migrations/journal.js";
import { appliedRenames, planStep } from "./migrations/plan.js";
import { replay, retiredClasses } from "./migrations/replay.js";
import { JOURNAL_FILE, type MigrationStep } from "./migrations/types.js";
import { effectiveRules, readRules, type Rules } from "./module-rules/rules.js";
import { scan } from "./scan.js";
import { appFeatures } from "./features/app.js";

/** Everything a build needs, read from the app and checked. Nothing is written. */
export interface Project {
  readonly root: string;
  readonly manifest: Manifest;
  readonly user: UserConfig;
  /** The committed history (or the one adopted from the wrangler config). */
  readonly history: readonly MigrationStep[];
  /** Whether dorm.migrations.json exists yet (an adopted history is only written by a build). */
  readonly journalExists: boolean;
  /** Whether the journal carries its digests (one written by an older dorm does not; the next build adds them). */
  readonly journalSealed: boolean;
  /** The step this build appends, if the objects changed. */
  readonly pending: MigrationStep | null;
  /** Worker name when the config has none. */
  readonly defaultName: string;
  /** How dist/wrangler.json carries the history (dorm.config.ts, or the CLI's --migrations). */
  readonly format: MigrationsFormat;
  /** wrangler's module rules for the bundle: the app's `rules`, then wrangler's defaults. */
  readonly moduleRules: Rules;
}

/** What the CLI can override over `dorm.config.ts`. */
export interface ProjectOverrides {
  readonly migrations?: MigrationsFormat;
}

/** The journal, its seal checked; `null` when the app has none yet. */
export function readJournal(root: string): ParsedJournal | null {
  const path = join(root, JOURNAL_FILE);
  return existsSync(path) ? parseJournal(readFileSync(path, "utf8")) : null;
}

/** The app's wrangler config and the history a build starts from. */
export interface History {
  readonly user: UserConfig;
  readonly history: MigrationStep[];
  readonly journalExists: boolean;
  readonly journalSealed: boolean;
}

/** Read the wrangler config and the journal, and settle the history (see `baseHistory`). */
export function readHistory(root: string): History {
  const user = readUserConfig(root);
  const journal = readJournal(root);
  return { user, history: baseHistory(user, journal?.steps ?? null), journalExists: journal !== null, journalSealed: journal?.sealed ?? false };
}

function sameSteps(a: readonly MigrationStep[], b: readonly MigrationStep[]): boolean {
  return a.length <= b.length && a.every((step, i) => JSON.stringify(step) === JSON.stringify(b[i]));
}

/**
 * The history to build on. An app that comes with `migrations` in its wrangler config starts
 * from them unchanged; once the journal exists, those must be the journal's first steps.
 */
export function baseHistory(user: UserConfig, journal: MigrationStep[] | null): MigrationStep[] {
  const raw = user.config["migrations"];
  if (raw === undefined) return journal ?? [];
  const where = user.file ?? "wrangler config";
  if (!Array.isArray(raw)) {
    throw new BuildError("DORM_BAD_CONFIG", `${where}: "migrations" must be a list of steps.`, "fix it, or remove it and let dorm keep the history.", { file: where });
  }
  const adopted = raw.map((step, i) => validateStep(step, `${where} migrations[${i}]`));
  if (journal === null) return adopted;
  if (!sameSteps(adopted, journal)) {
    throw new BuildError(
      "DORM_JOURNAL_CONFLICT",
      `the "migrations" in ${where} disagree with ${JOURNAL_FILE}.`,
      `${JOURNAL_FILE} is the history now; remove "migrations" from ${where} (its steps are already at the start of the journal), or restore whichever file was edited.`,
      { file: where },
    );
  }
  return journal;
}

function packageName(root: string): string | null {
  try {
    const name = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).name;
    return typeof name === "string" ? name : null;
  } catch {
    return null;
  }
}

/** A valid worker name from a package or folder name: `@acme/My App` → `my-app`. */
export function workerName(raw: string): string {
  const name = raw
    .replace(/^@[^/]+\//, "")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return name || "dorm-app";
}

function analyzeAll(root: string, scanned: Awaited<ReturnType<typeof scan>>, analyses?: AnalysisCache): { objects: ObjectEntry[]; sources: string[] } {
  const errors: BuildError[] = [];
  const objects: ObjectEntry[] = [];
  // Read synchronously: for hundreds of small files, far faster than one promise each.
  const sources = scanned.objects.map((o) => readFileSync(join(root, o.file), "utf8"));
  analyses?.retain(scanned.objects.map((o) => o.file));
  scanned.objects.forEach((object, i) => {
    try {
      const analysis = analyses ? analyses.analyze(object.file, sources[i]!) : analyzeObject(object.file, sources[i]!);
      objects.push({ file: object.file, ...object.names, ...analysis });
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      errors.push(error);
    }
  });
  if (errors.length > 0) throw new BuildErrors(errors);
  return { objects, sources };
}

/**
 * Read and check the app at `root`: objects, worker, wrangler config, migration history. A
 * process that reads the same app again and again passes one `analyses` cache to every call.
 */
export async function loadProject(root: string, overrides: ProjectOverrides = {}, analyses?: AnalysisCache): Promise<Project> {
  const dormConfig = await loadDormConfig(root);
  const scanned = await scan(root);
  const { objects: analyzed, sources } = analyzeAll(root, scanned, analyses);
  const features = appFeatures(root, {
    worker: scanned.worker,
    objects: analyzed.map((o, i) => ({ file: o.file, source: sources[i]!, features: o.features })),
    forced: dormConfig.features ?? [],
  });
  const { user, history, journalExists, journalSealed } = readHistory(root);
  checkCompatibilityDate(user);
  const objects = resolveBindings(analyzed, user);
  const step = planStep(replay(history), objects, appliedRenames(history), retiredClasses(history));
  return {
    root,
    manifest: { objects, worker: scanned.worker, features },
    user,
    history,
    journalExists,
    journalSealed,
    pending: step ? { tag: nextTag(history), ...step } : null,
    defaultName: workerName(packageName(root) ?? basename(root)),
    format: overrides.migrations ?? dormConfig.migrations ?? "migrations",
    moduleRules: effectiveRules(readRules(user)),
  };
}

/** The full history the build deploys: the committed steps plus the pending one. */
export function migrationsOf(project: Project): MigrationStep[] {
  return project.pending ? [...project.history, project.pending] : [...project.history];
}
