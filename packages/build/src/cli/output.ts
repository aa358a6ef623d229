import { BuildError, BuildErrors } from "../errors.js";

/** Print a build problem the way the CLI always does and return the exit code. */
export function reportError(error: unknown): number {
  if (error instanceof BuildErrors) {
    process.stderr.write(`${error.errors.map((e) => e.format()).join("\n\n")}\n\n${error.errors.length} problem${error.errors.length === 1 ? "" : "s"}; nothing was written.\n`);
    return 1;
  }
  if (error instanceof BuildError) {
    process.stderr.write(`${error.format()}\n`);
    return 1;
  }
  throw error;
}
