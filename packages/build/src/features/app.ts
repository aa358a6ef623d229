import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { FEATURE_NAMES, type FeatureName } from "dorm/feature-names";
import { codeFeatures, relativeImports } from "./code.js";

const CODE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/** What the app's code uses, and what the build knows without reading code. */
export interface FeatureInputs {
  /** The app's worker, relative to the root (or null). */
  readonly worker: string | null;
  /** Each object file, with its source (already read by the analysis). */
  readonly objects: readonly { readonly file: string; readonly source: string; readonly features: readonly FeatureName[] }[];
  /** `features` from dorm.config.ts: bundled whatever the code says. */
  readonly forced: readonly FeatureName[];
}

/** `./x.js` → the file it means (`x.ts` in TypeScript sources), or null when there is none. */
function resolveImport(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base];
  const ext = CODE_EXTENSIONS.find((e) => base.endsWith(e));
  if (ext && ext.includes("js")) candidates.push(base.slice(0, -ext.length) + ext.replace("js", "ts"));
  for (const e of CODE_EXTENSIONS) candidates.push(base + e);
  for (const e of CODE_EXTENSIONS) candidates.push(join(base, `index${e}`));
  for (const candidate of candidates) {
    if (CODE_EXTENSIONS.some((e) => candidate.endsWith(e)) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * The optional runtime features the app uses: those of each object (options and code), of the
 * worker, of every file they import by relative path (inside the root, outside node_modules),
 * and those dorm.config.ts forces. Sorted in FEATURE_NAMES order.
 */
export function appFeatures(root: string, inputs: FeatureInputs): FeatureName[] {
  const found = new Set<FeatureName>(inputs.forced);
  const seen = new Set<string>();
  const queue: { path: string; source: string | null }[] = [];
  for (const object of inputs.objects) {
    for (const feature of object.features) found.add(feature);
    queue.push({ path: join(root, object.file), source: object.source });
  }
  if (inputs.worker) queue.push({ path: join(root, inputs.worker), source: null });
  for (let item = queue.shift(); item; item = queue.shift()) {
    if (seen.has(item.path)) continue;
    seen.add(item.path);
    let source = item.source;
    if (source === null) {
      try {
        source = readFileSync(item.path, "utf8");
      } catch {
        continue;
      }
      codeFeatures(source, found);
    }
    for (const specifier of relativeImports(source)) {
      const path = resolveImport(item.path, specifier);
      const inside = path !== null && !relative(root, path).startsWith("..") && !path.split(sep).includes("node_modules");
      if (inside && !seen.has(path)) queue.push({ path, source: null });
    }
  }
  // Cron strings are for the scheduler: a forced `cron` brings it, a cron-like string alone does not.
  if (inputs.forced.includes("cron")) found.add("scheduler");
  if (!found.has("scheduler")) found.delete("cron");
  return FEATURE_NAMES.filter((name) => found.has(name));
}
