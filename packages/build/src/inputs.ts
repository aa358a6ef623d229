import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CONFIG_FILES } from "./config.js";
import { DORM_CONFIG_FILE } from "./dorm-config.js";
import { JOURNAL_FILE } from "./migrations/types.js";
import { OBJECTS_DIR, WORKER_FILE } from "./scan.js";

/** Files besides app/objects/ whose content decides the manifest and the generated config. */
const INPUT_FILES = [WORKER_FILE, ...CONFIG_FILES, DORM_CONFIG_FILE, JOURNAL_FILE];

/**
 * Every file a build reads to make its manifest and configuration, relative to the root: each
 * entry of `app/objects/`, the worker, the wrangler config, `dorm.config.ts` and the journal
 * (whether they exist or not: creating one changes the build too).
 */
export function inputFiles(root: string): string[] {
  let objects: string[];
  try {
    objects = readdirSync(join(root, OBJECTS_DIR)).sort();
  } catch {
    objects = [];
  }
  return [...objects.map((f) => `${OBJECTS_DIR}/${f}`), ...INPUT_FILES];
}

/**
 * A digest of the content of `inputFiles`. A watcher compares the digest from before a build
 * with the one after it: when they differ, a file changed while the build was reading, so the
 * analysis and the bundle may have seen different versions of it and the build must run again.
 */
export async function inputsDigest(root: string): Promise<string> {
  const hash = createHash("sha256");
  const files = inputFiles(root);
  const contents = await Promise.all(files.map((f) => readFile(join(root, f), "utf8").then((text) => `=${text}`, () => "-")));
  files.forEach((file, i) => hash.update(`${file}\0${contents[i]}\0`));
  return hash.digest("hex");
}
