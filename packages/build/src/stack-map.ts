import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Turns `worker.js:120:7` positions in a stack trace from workerd into the app's own files. */
export interface StackMapper {
  map(stack: string): string;
}

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
        const original = entry.originalSource;
        // A plugin's virtual module is named "<namespace>:<path>" (dorm's entry: "dorm-entry:/app/.dorm/entry.js").
        const source = original.startsWith("file:") ? fileURLToPath(original) : resolve(dirname(bundlePath), original.replace(/^[\w-]+:(?=\/)/, ""));
        return `${lead}${relative(root, source)}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
      });
    },
  };
}
