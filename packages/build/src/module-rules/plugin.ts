import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { OutputFile, PluginBuild } from "esbuild";
import { matchSpecifier, outputName, RULE_CANDIDATE, rulesFilter, type Rules } from "./rules.js";

/** Where the modules go, beside the bundle: `dist/modules/<hash>-chat.html`. */
export const MODULES_DIR = "modules";
const SKIP = "dorm-module-rules";

function outputFile(path: string, contents: Uint8Array): OutputFile {
  return {
    path,
    contents,
    hash: "",
    get text() {
      return new TextDecoder().decode(contents);
    },
  };
}

/**
 * Applies wrangler's module rules to a worker bundle: an import a rule matches (`./chat.html`,
 * `./add.wasm`) stays an import of a module of its own, copied beside the bundle under a name
 * wrangler's default rules give the same type, so workerd, miniflare and `wrangler deploy` load
 * it as Text, Data or CompiledWasm as wrangler's own bundler would. `rules()` is read at the start
 * of each build (the app's config may change in watch mode).
 */
export function moduleRules(build: PluginBuild, rules: () => Rules): void {
  let modules = new Map<string, Uint8Array>();
  build.onStart(() => {
    modules = new Map();
  });
  // Rules target file names (globs like "**/*.html"): only specifiers with an extension reach
  // JavaScript, and the rules of this build decide (the config may change in watch mode).
  build.onResolve({ filter: RULE_CANDIDATE }, async (args) => {
    if (args.pluginData?.[SKIP] || args.path.endsWith("?browser") || args.namespace !== "file") return undefined;
    const current = rules();
    if (!rulesFilter(current).test(args.path)) return undefined;
    const match = matchSpecifier(current, args.path);
    if (!match || match.kind === "code") return undefined;
    const clean = args.path.replace(/\?.*$/, "");
    if (match.kind === "shadowed") {
      return {
        errors: [
          {
            text: `[DORM_SHADOWED_MODULE_RULE] "${args.path}" matches the module rule ${JSON.stringify(match.rule)}, which an earlier rule of type ${match.rule.type} shadows (it has no fallthrough: true).`,
            notes: [{ text: `fix: add "fallthrough": true to the earlier ${match.rule.type} rule in your wrangler config, or include this file in its globs.` }],
          },
        ],
      };
    }
    let file: string;
    if (clean.startsWith(".") || isAbsolute(clean)) {
      file = resolve(args.resolveDir, clean);
    } else {
      const found = await build.resolve(clean, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { [SKIP]: true } });
      if (found.errors.length > 0) return { errors: found.errors };
      file = found.path;
    }
    let contents: Uint8Array;
    try {
      contents = await readFile(file);
    } catch {
      return undefined; // esbuild reports the missing file with the importer's line
    }
    const hash = createHash("sha1").update(contents).digest("hex");
    const name = outputName(hash, basename(clean), match.type);
    modules.set(name, contents);
    return { path: `./${MODULES_DIR}/${name}`, external: true, watchFiles: [file] };
  });
  build.onEnd(async (result) => {
    if (result.errors.length > 0 || modules.size === 0) return;
    const outdir = resolve(build.initialOptions.absWorkingDir ?? process.cwd(), build.initialOptions.outdir ?? dirname(build.initialOptions.outfile ?? "out.js"));
    const files = [...modules].map(([name, contents]) => outputFile(join(outdir, MODULES_DIR, name), contents));
    if (result.outputFiles) {
      result.outputFiles.push(...files);
      return;
    }
    // A build that writes to disk itself (the plugin in an app's own esbuild script).
    for (const file of files) {
      await mkdir(dirname(file.path), { recursive: true });
      await writeFile(file.path, file.contents);
    }
  });
}
