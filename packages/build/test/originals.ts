import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * A file's git blob id (what `git rev-parse <commit>:<path>` prints for it upstream): the ported
 * apps' tests use it to show that a client file is the original, byte for byte.
 */
export function gitBlobId(path: string): string {
  const bytes = readFileSync(path);
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}
