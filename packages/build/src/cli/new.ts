import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { CONFIG_FILES } from "../config.js";
import { planScaffold } from "../scaffold/plan.js";
import { isTemplate, readTemplate, render, TEMPLATE_NEEDS, TEMPLATES } from "../scaffold/templates.js";
import { laneFor, withToolchain } from "../scaffold/toolchains.js";

const templateList = () => Object.entries(TEMPLATES).map(([name, what]) => `  ${name.padEnd(10)} ${what}`).join("\n");

/** `dorm new <template> <name> [--root DIR]`: an object from a template, plus its test. */
export async function newCommand(args: readonly string[], rootDir: string): Promise<number> {
  const [template, name] = args;
  if (!template || !name || args.length > 2) {
    process.stderr.write(`dorm new: usage: dorm new <template> <name> [--root DIR]\n\ntemplates:\n${templateList()}\n`);
    return 1;
  }
  if (!isTemplate(template)) {
    process.stderr.write(`dorm new: there is no template "${template}".\n\ntemplates:\n${templateList()}\n`);
    return 1;
  }
  const root = resolve(rootDir);
  const isNewApp = !existsSync(join(root, "package.json")) && !CONFIG_FILES.some((file) => existsSync(join(root, file)));
  // Throws a BuildError naming the file when `name` cannot name an object.
  const plan = planScaffold(template, name, root, isNewApp);
  const taken = plan.files.map(([, to]) => to).filter((to) => existsSync(join(root, to)));
  if (taken.length > 0) {
    process.stderr.write(`dorm new: ${taken.join(", ")} already exist${taken.length === 1 ? "s" : ""} in ${relative(process.cwd(), root) || "."}; nothing was written. Pick another name, or move the file away.\n`);
    return 1;
  }
  // Everything is rendered before anything is written: a missing template writes nothing.
  const rendered = await Promise.all(
    plan.files.map(async ([from, to]) => {
      const text = render(await readTemplate(from), plan.names);
      return [to, to === "package.json" ? withToolchain(text, laneFor(process.versions.node)) : text] as const;
    }),
  );
  for (const [to, text] of rendered) {
    await mkdir(dirname(join(root, to)), { recursive: true });
    await writeFile(join(root, to), text, { flag: "wx" });
  }
  const where = relative(process.cwd(), root) || ".";
  const missing = await missingPackages(root, TEMPLATE_NEEDS[template] ?? []);
  process.stdout.write(
    [
      `dorm new: ${template} → durableObjects.${plan.names.accessor} (class ${plan.names.className})`,
      ...rendered.map(([to]) => `  + ${to}`),
      "",
      "next:",
      ...(isNewApp ? [`  cd ${where} && npm install`] : []),
      ...(missing.length > 0 ? [`  npm install ${missing.join(" ")}     # the ${template} template imports ${missing.join(", ")}`] : []),
      "  npx dorm build     # generates the class, binding and migration",
      "  npx vitest run     # runs the new test on local workerd",
      "",
    ].join("\n"),
  );
  return 0;
}

/** Which of `names` the app's package.json does not list (all of them when it has none). */
async function missingPackages(root: string, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8").catch(() => "{}")) as Record<string, Record<string, string> | undefined>;
  return names.filter((name) => !pkg["dependencies"]?.[name] && !pkg["devDependencies"]?.[name]);
}
