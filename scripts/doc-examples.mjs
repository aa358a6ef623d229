// Code blocks in the docs that show a type-checked file. The line before such a block names the
// file (and, after #, a region of it between `// #region <name>` and `// #endregion`):
//
//   <!-- example: docs/porting/frameworks/app/objects/visits.ts -->
//   <!-- example: docs/porting/frameworks/app/worker.ts#announce -->
//
// The block must be that file or region, byte for byte, so what a reader copies is what tsc
// checked (scripts/typecheck.mjs runs this; the files are in its projects).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const MARKER = /^<!-- example: ([^#\s]+)(?:#([\w-]+))? -->$/;

/** The lines of `text` between `// #region name` and the next `// #endregion`, or null. */
function region(text, name) {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.trim() === `// #region ${name}`);
  if (start < 0) return null;
  const end = lines.findIndex((line, i) => i > start && line.trim() === "// #endregion");
  if (end < 0) return null;
  const body = lines.slice(start + 1, end);
  // Dedent by the region's own indentation.
  const indent = Math.min(...body.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return `${body.map((l) => l.slice(indent)).join("\n")}\n`;
}

/** Problems with the examples of one Markdown file, as messages; [] when every block matches. */
export function checkDocExamples(root, doc) {
  const problems = [];
  const lines = readFileSync(join(root, doc), "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i]);
    if (!marker) continue;
    const [, file, name] = marker;
    const where = `${doc}:${i + 1}`;
    if (!/^```\w*$/.test(lines[i + 1] ?? "")) {
      problems.push(`${where}: an example marker must be followed by a code block.`);
      continue;
    }
    const close = lines.findIndex((line, j) => j > i + 1 && line === "```");
    if (close < 0) {
      problems.push(`${where}: the code block is not closed.`);
      continue;
    }
    const block = `${lines.slice(i + 2, close).join("\n")}\n`;
    if (!existsSync(join(root, file))) {
      problems.push(`${where}: ${file} does not exist.`);
      continue;
    }
    const source = readFileSync(join(root, file), "utf8");
    const expected = name ? region(source, name) : source;
    if (expected === null) problems.push(`${where}: ${file} has no region "${name}".`);
    else if (block !== expected) problems.push(`${where}: the code block differs from ${file}${name ? `#${name}` : ""}; copy the file (which tsc checks) into the doc.`);
    i = close;
  }
  return problems;
}
