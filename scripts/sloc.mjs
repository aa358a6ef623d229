// Lines of code of JavaScript/TypeScript files: lines with something on them besides whitespace
// and comments. Used for the before/after figures in app-fixtures/*/README.md.
//   node scripts/sloc.mjs <file>...
import { readFileSync } from "node:fs";

/** The code lines of a source text (a string literal holding "//" or "/*" is rare enough here to ignore). */
export function sloc(text) {
  let inBlock = false;
  let count = 0;
  for (const raw of text.split("\n")) {
    let line = raw;
    let code = "";
    while (line.length > 0) {
      if (inBlock) {
        const end = line.indexOf("*/");
        if (end < 0) {
          line = "";
        } else {
          line = line.slice(end + 2);
          inBlock = false;
        }
        continue;
      }
      const block = line.indexOf("/*");
      const comment = line.indexOf("//");
      if (comment >= 0 && (block < 0 || comment < block)) {
        code += line.slice(0, comment);
        line = "";
      } else if (block >= 0) {
        code += line.slice(0, block);
        line = line.slice(block + 2);
        inBlock = true;
      } else {
        code += line;
        line = "";
      }
    }
    if (code.trim().length > 0) count++;
  }
  return count;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let total = 0;
  for (const file of process.argv.slice(2)) {
    const n = sloc(readFileSync(file, "utf8"));
    total += n;
    console.log(`${String(n).padStart(5)}  ${file}`);
  }
  console.log(`${String(total).padStart(5)}  total`);
}
