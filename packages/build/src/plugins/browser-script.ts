import { dirname, resolve } from "node:path";
import * as esbuild from "esbuild";

/** Import suffix: `import script from "./page/main.ts?browser"` gives the module bundled for browsers. */
export const BROWSER_SUFFIX = "?browser";
const NAMESPACE = "dorm-browser";

/** How a page's script is bundled: one minified ES module for current browsers. */
export function browserBundleOptions(entry: string): esbuild.BuildOptions & { write: false; metafile: true } {
  return {
    entryPoints: [entry],
    absWorkingDir: dirname(entry),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    metafile: true,
    logLevel: "silent",
  };
}

/**
 * Lets a worker serve a browser script from source: the imported module is bundled on its own
 * (for the browser, with its imports, e.g. `@dorm/client`) and its code becomes the import's
 * default export, a string. Its files are watched with the rest of the app by `dorm dev`.
 *
 * @example
 * import script from "./page/main.ts?browser";
 * if (url.pathname === "/app.js") return new Response(script, { headers: { "content-type": "text/javascript" } });
 */
export function browserScripts(build: esbuild.PluginBuild): void {
  build.onResolve({ filter: /\?browser$/ }, (args) => ({
    path: resolve(args.resolveDir, args.path.slice(0, -BROWSER_SUFFIX.length)),
    namespace: NAMESPACE,
  }));
  build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
    let result: esbuild.BuildResult<{ write: false; metafile: true }>;
    try {
      result = await esbuild.build(browserBundleOptions(args.path));
    } catch (error) {
      const failure = error as esbuild.BuildFailure;
      if (!Array.isArray(failure.errors)) throw error;
      // Locations are relative to the script's folder; make them absolute for the outer build.
      return {
        errors: failure.errors.map((m) => ({
          ...m,
          text: `${m.text} (in the browser bundle of ${args.path})`,
          location: m.location ? { ...m.location, file: resolve(dirname(args.path), m.location.file) } : null,
        })),
        watchFiles: [args.path],
      };
    }
    const inputs = Object.keys(result.metafile.inputs).map((file) => resolve(dirname(args.path), file));
    return { contents: `export default ${JSON.stringify(result.outputFiles[0]!.text)};`, loader: "js", watchFiles: inputs };
  });
}
