import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestError } from "dorm/test-hooks";

/** Turns `worker.js:120:7` positions in a stack trace from workerd into the app's own files. */
export interface StackMapper {
  map(stack: string): string;
}

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
 * A stack mapper for one bundle and its linked source map; frames elsewhere are left alone. The
 * map is read lazily and once: most tests never see an error.
 */
export function bundleStackMapper(bundlePath: string, root: string): StackMapper {
  let map: SourceMap | null | undefined;
  const load = (): SourceMap | null => {
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${bundlePath}.map`, "utf8")));
      } catch {
        map = null;
      }
    }
    return map;
  };
  const file = bundlePath.split("/").pop()!;
  const frame = new RegExp(`(\\(|\\s)((?:file://)?[^\\s()]*${file.replace(/[.]/g, "\\.")}):(\\d+):(\\d+)`, "g");
  return {
    map(stack) {
      return stack.replace(frame, (whole, lead: string, _path: string, line: string, column: string) => {
        const entry = load()?.findEntry(Number(line) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
        if (!entry?.originalSource || entry.originalLine === undefined) return whole;
        const source = entry.originalSource.startsWith("file:") ? fileURLToPath(entry.originalSource) : resolve(dirname(bundlePath), entry.originalSource);
        return `${lead}${relative(root, source)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
      });
    },
  };
}

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
