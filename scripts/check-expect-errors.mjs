// Removes each `// @ts-expect-error` of the type tests in turn, type-checks again, and requires an
// error on the line it marked; prints that error, which is what a user making the mistake sees.
// (tsc already fails on a directive with no error under it; this checks each one on its own, so
// that no directive hides behind another error.) Run by hand: node scripts/check-expect-errors.mjs
//
// It uses TypeScript 7's API (typescript/unstable/sync): one compiler process, each edit served
// from memory through the API's file system hook, so a check costs an incremental re-check, not
// a new tsc run.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { API } from "typescript/unstable/sync";
import { projects } from "./ts-projects.mjs";

const root = new URL("..", import.meta.url).pathname;
const DIRECTIVE = /^\s*\/\/ @ts-expect-error\b.*$/;

const overrides = new Map();
const api = new API({ cwd: root, fs: { readFile: (name) => overrides.get(resolve(name)) } });

/** `file:line` (1-based) of a diagnostic, and its message with the deepest reason it gives. */
function describe(diagnostic, text) {
  const line = text.slice(0, diagnostic.pos).split("\n").length;
  let deepest = diagnostic;
  while (deepest.messageChain?.length) deepest = deepest.messageChain[deepest.messageChain.length - 1];
  const message = deepest === diagnostic ? diagnostic.text : `${diagnostic.text.split("\n")[0]} … ${deepest.text}`;
  return { line, message: `TS${diagnostic.code}: ${message}` };
}

let checked = 0;
const failures = [];
for (const config of projects) {
  const configPath = resolve(root, config);
  let snapshot = api.updateSnapshot({ openProjects: [configPath] });
  const files = snapshot.getProject(configPath).rootFiles.filter((f) => !f.endsWith(".d.ts") && readFileSync(f, "utf8").includes("@ts-expect-error"));
  for (const file of files) {
    const original = readFileSync(file, "utf8");
    const lines = original.split("\n");
    const directives = lines.flatMap((line, i) => (DIRECTIVE.test(line) ? [i] : []));
    for (const index of directives) {
      // Blanked rather than deleted, so the marked line keeps its number (index + 2, 1-based).
      const edited = lines.map((line, i) => (i === index ? "" : line)).join("\n");
      overrides.set(file, edited);
      snapshot = api.updateSnapshot({ fileChanges: { changed: [file] } });
      const diagnostics = snapshot.getProject(configPath).program.getSemanticDiagnostics(file);
      const found = diagnostics.map((d) => describe(d, edited)).filter((d) => d.line === index + 2);
      const where = `${file.slice(root.length)}:${index + 2}`;
      checked++;
      if (found.length === 0) failures.push(`${where}: no error without its @ts-expect-error (${lines[index].trim()})`);
      else console.log(`${where}  ${lines[index].trim().replace("// @ts-expect-error ", "")}\n    ${found[0].message.replace(/\n\s*/g, " ")}`);
    }
    overrides.delete(file);
    snapshot = api.updateSnapshot({ fileChanges: { changed: [file] } });
  }
}
api.close();
if (failures.length > 0) {
  console.error(`\n${failures.join("\n")}\n${failures.length} of ${checked} directives mark no error.`);
  process.exit(1);
}
console.log(`\n${checked} @ts-expect-error directives: each one's line is a type error without it.`);
