import { basename } from "node:path";
import { BuildError } from "../errors.js";
import { objectNames } from "../names.js";
import type { TemplateName, TemplateNames } from "./templates.js";

/** Files of a new app, besides the object: source path in templates/ → path in the app. */
export const APP_FILES: readonly (readonly [string, string])[] = [
  ["app/package.json", "package.json"],
  ["app/wrangler.jsonc", "wrangler.jsonc"],
  ["app/tsconfig.json", "tsconfig.json"],
  ["app/gitignore", ".gitignore"],
  ["app/README.md", "README.md"],
  ["app/vitest.config.ts", "vitest.config.ts"],
];

export interface ScaffoldPlan {
  readonly names: TemplateNames;
  /** Template path → app path, in write order. */
  readonly files: readonly (readonly [string, string])[];
}

const APP_NAME = /^[a-z0-9][a-z0-9-]*$/;

/**
 * What `dorm new <template> <name>` writes into `root`. `isNewApp` when the folder has no
 * package.json and no wrangler config yet: it then gets the app's files too. Pure.
 */
export function planScaffold(template: TemplateName, name: string, root: string, isNewApp: boolean): ScaffoldPlan {
  if (/[/\\]/.test(name) || name === "." || name === "..") {
    // The object's file always goes to app/objects/; a path would be dropped, or lead elsewhere.
    const last = name.split(/[/\\]/).filter((part) => part !== "" && part !== "." && part !== "..").pop();
    throw new BuildError(
      "DORM_BAD_NAME",
      `"${name}" is a path; dorm new takes an object's name and writes app/objects/<name>.ts in the app's folder.`,
      last ? `pass the name alone (dorm new ${template} ${last}), and the app's folder with --root DIR.` : "pass a name such as my-object, and the app's folder with --root DIR.",
    );
  }
  const object = objectNames(`app/objects/${name}.ts`);
  const folder = basename(root).toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
  const app = APP_NAME.test(folder) ? folder : "dorm-app";
  const files: [string, string][] = [
    [`${template}/object.ts`, `app/objects/${object.route}.ts`],
    [`${template}/object.test.ts`, `test/${object.route}.test.ts`],
  ];
  if (isNewApp) files.push(...APP_FILES.map(([from, to]) => [from, to] as [string, string]));
  return { names: { ...object, app }, files };
}
