import type { StackMapper } from "@dorm/build";
import { fileURLToPath } from "node:url";
import type { TestError } from "dorm/test-hooks";

export { bundleStackMapper, type StackMapper } from "@dorm/build";

/** This package's folder (src/ or dist/), whose frames a test does not need to see. */
const HERE = fileURLToPath(new URL(".", import.meta.url));

const BUILT_IN: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/**
 * Rebuild an error thrown inside an object the way Durable Object RPC hands it to a worker: the
 * built-in class (`TypeError`…), the message, own properties such as `name` and `code`, and
 * `remote: true`. Its stack is the object's (in the app's files), then the test's call.
 */
export function remoteError(described: TestError, stacks: StackMapper, call: string): Error {
  const Type = BUILT_IN[described.type] ?? Error;
  const error = new Type(described.message);
  // The test's frames, without this package's own.
  const caller = (error.stack ?? "")
    .split("\n")
    .slice(1)
    .filter((frame) => !frame.includes(HERE))
    .join("\n");
  Object.assign(error, described.properties, { remote: true });
  // The object's frames, without dorm's own (the generated class, the test hook).
  const inside = described.stack
    ? stacks
        .map(described.stack)
        .split("\n")
        .slice(1)
        .filter((frame) => !/dorm-entry:|dorm\/src\/test-hooks\.ts/.test(frame))
        .join("\n")
    : "";
  error.stack = `${error.name}: ${error.message}\n${inside}${inside ? "\n" : ""}    at ${call} (called from the test)\n${caller}`;
  return error;
}
