import { BuildError, BuildErrors } from "../errors.js";

/**
 * Print a build problem the way the CLI always does and return the exit code. `footer` ends the
 * list (commands that write nothing anyway pass their own).
 */
export function reportError(error: unknown, footer = "nothing was written."): number {
  if (error instanceof BuildErrors) {
    const count = `${error.errors.length} problem${error.errors.length === 1 ? "" : "s"}`;
    process.stderr.write(`${error.errors.map((e) => e.format()).join("\n\n")}\n\n${count}; ${footer}\n`);
    return 1;
  }
  if (error instanceof BuildError) {
    process.stderr.write(`${error.format()}\n`);
    return 1;
  }
  throw error;
}
