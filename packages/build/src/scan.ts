import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { BuildError, BuildErrors } from "./errors.js";
import { objectNames, type ObjectNames } from "./names.js";

export const OBJECTS_DIR = "app/objects";
export const WORKER_FILE = "app/worker.ts";

/** One object file found by the scanner. */
export interface ScannedObject {
  /** Relative to the app root, posix: `app/objects/chat-room.ts`. */
  readonly file: string;
  readonly names: ObjectNames;
}

export interface ScanResult {
  readonly objects: readonly ScannedObject[];
  /** `app/worker.ts` when the app has one. */
  readonly worker: string | null;
}

/** Files in `app/objects/` that are not objects: tests, declarations, and `_private.ts` helpers. */
export function isObjectFile(file: string): boolean {
  const base = file.slice(file.lastIndexOf("/") + 1);
  return base.endsWith(".ts") && !base.startsWith("_") && !/\.(test|spec|d)\.ts$/.test(base);
}

/** The names of an object that must differ from every other object's. */
const NAME_KINDS = ["binding", "className", "accessor"] as const;
const KIND_LABEL = { binding: "binding", className: "class", accessor: "accessor" } as const;

/**
 * Turn the listing of `app/objects/` into objects: skip non-objects, sort, derive names, and
 * report every invalid or colliding name at once. Pure: takes paths, returns data.
 */
export function objectsFromFiles(files: readonly string[]): ScannedObject[] {
  const errors: BuildError[] = [];
  const objects: ScannedObject[] = [];
  const taken = new Map<string, ScannedObject>();
  for (const file of files.filter(isObjectFile).sort()) {
    let names: ObjectNames;
    try {
      names = objectNames(file);
    } catch (error) {
      if (error instanceof BuildError) {
        errors.push(error);
        continue;
      }
      throw error;
    }
    const object = { file, names };
    // Every name a file gives must be its own: two files may differ in their binding and still
    // share a class (`a1b.ts` and `a-1b.ts` are both A1b), and a class is what a deploy keys on.
    const clash = NAME_KINDS.map((kind) => [kind, taken.get(`${kind}:${names[kind]}`)] as const).find(([, other]) => other);
    if (clash) {
      const [kind, other] = clash;
      errors.push(
        new BuildError(
          "DORM_NAME_COLLISION",
          `"${file}" and "${other!.file}" both map to the ${KIND_LABEL[kind]} ${names[kind]} (${file}: accessor "${names.accessor}", binding ${names.binding}, class ${names.className}; ${other!.file}: accessor "${other!.names.accessor}", binding ${other!.names.binding}, class ${other!.names.className}).`,
          `rename or remove one of the two files.`,
          { file },
        ),
      );
      continue;
    }
    for (const kind of NAME_KINDS) taken.set(`${kind}:${names[kind]}`, object);
    objects.push(object);
  }
  if (errors.length > 0) throw new BuildErrors(errors);
  return objects;
}

/** The `.ts` files directly in `app/objects/` (not in subfolders; dotfiles skipped), as root-relative paths. */
function objectFiles(root: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(root, OBJECTS_DIR), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => !e.name.startsWith(".") && e.name.endsWith(".ts") && (e.isFile() || (e.isSymbolicLink() && statSync(join(root, OBJECTS_DIR, e.name), { throwIfNoEntry: false })?.isFile())))
    .map((e) => `${OBJECTS_DIR}/${e.name}`);
}

/** List the app's objects and its worker. Reads the directory; writes nothing. */
export async function scan(root: string): Promise<ScanResult> {
  const files = objectFiles(root);
  return {
    objects: objectsFromFiles(files),
    worker: existsSync(join(root, WORKER_FILE)) ? WORKER_FILE : null,
  };
}
