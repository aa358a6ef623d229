import { generateEntry, type EntryOptions } from "./codegen/entry.js";
import { generateTypes } from "./codegen/types.js";
import { generateRedirect, generateWranglerConfig } from "./codegen/wrangler.js";
import { formatJournal } from "./migrations/journal.js";
import { JOURNAL_FILE } from "./migrations/types.js";
import { migrationsOf, type Project } from "./project.js";

/** Where the outputs go, relative to the app root. */
export const DORM_DIR = ".dorm";
export const OUT_DIR = "dist";
export const ENTRY_FILE = `${DORM_DIR}/entry.js`;
export const TYPES_FILE = `${DORM_DIR}/env.d.ts`;
export const BUNDLE_FILE = `${OUT_DIR}/worker.js`;
export const CONFIG_OUT_FILE = `${OUT_DIR}/wrangler.json`;
export const REDIRECT_FILE = ".wrangler/deploy/config.json";
/** The test variant of the bundle (`@dorm/testing`): kept out of dist/, so it can never be deployed. */
export const TEST_BUNDLE_FILE = ".wrangler/dorm-test/worker.js";
/** The config handed to `@cloudflare/vite-plugin` (`configPath`): `main` is the generated entry. */
export const VITE_CONFIG_FILE = `${DORM_DIR}/wrangler.json`;

/** Every generated text file of a build (the bundle aside), keyed by path from the app root. Pure. */
export function generateOutputs(project: Project, entry: EntryOptions = {}): Map<string, string> {
  const migrations = migrationsOf(project);
  const wrangler = {
    config: project.user.config,
    configFile: project.user.file,
    manifest: project.manifest,
    migrations,
    format: project.format,
    toRoot: "..",
    defaultName: project.defaultName,
  };
  const files = new Map<string, string>([
    [ENTRY_FILE, generateEntry(project.manifest, undefined, entry)],
    [TYPES_FILE, generateTypes(project.manifest)],
    // Written by every build, so that `dorm build` and the Vite plugin agree on what .dorm/ holds.
    [VITE_CONFIG_FILE, generateWranglerConfig({ ...wrangler, main: "entry.js", bundled: false })],
    [CONFIG_OUT_FILE, generateWranglerConfig({ ...wrangler, main: "worker.js" })],
    [REDIRECT_FILE, generateRedirect("../../dist/wrangler.json")],
  ]);
  // The journal is only touched when the history grows, is adopted, or is sealed for the first
  // time (an older dorm wrote no digests); a build never changes a step already written.
  if (project.pending || (migrations.length > 0 && (project.user.config["migrations"] !== undefined || !project.journalSealed))) {
    files.set(JOURNAL_FILE, formatJournal(migrations));
  }
  return files;
}
