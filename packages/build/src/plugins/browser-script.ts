import { dirname, join, resolve } from "node:path";
import * as esbuild from "esbuild";

/** Import suffix: `import script from "./page/main.ts?browser"` gives the module bundled for browsers. */
export const BROWSER_SUFFIX = "?browser";
const NAMESPACE = "dorm-browser";

/** Images and fonts a page's CSS (or script) refers to: inlined as data URLs, so one script carries all. */
const INLINED_ASSETS = [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".woff", ".woff2", ".ttf", ".otf", ".eot"];

/** How a page's script is bundled: one minified ES module for current browsers, and its CSS. */
export function browserBundleOptions(entry: string): esbuild.BuildOptions & { write: false; metafile: true } {
  return {
    entryPoints: [entry],
    absWorkingDir: dirname(entry),
    // Nothing is written; an output folder lets esbuild put the script's CSS in a file of its own
    // (one of its own, so that an entry `main.js` is not taken for its own output).
    outdir: join(dirname(entry), "__dorm_browser__"),
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    loader: Object.fromEntries(INLINED_ASSETS.map((ext) => [ext, "dataurl" as const])),
    write: false,
    metafile: true,
    logLevel: "silent",
  };
}

/**
 * The module's text, with its CSS (what it imports, `import "./styles.css"`) added to the page
 * when it runs, first, the way Vite's dev server does it: a page needs only the script.
 */
export function withStyles(script: string, css: string): string {
  if (css === "") return script;
  return `(()=>{const s=document.createElement("style");s.dataset.dorm="browser";s.textContent=${JSON.stringify(css)};document.head.appendChild(s)})();\n${script}`;
}

/**
 * Lets a worker serve a browser script from source: the imported module is bundled on its own
 * (for the browser, with its imports, e.g. `@dorm/client`) and its code becomes the import's
 * default export, a string. CSS it imports is applied by the script itself (and is also the
 * named export `css`); images and fonts are inlined. Its files are watched with the rest of the
 * app by `dorm dev`.
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
    const js = result.outputFiles.find((file) => file.path.endsWith(".js"))?.text ?? "";
    const css = result.outputFiles.find((file) => file.path.endsWith(".css"))?.text ?? "";
    return {
      contents: `export default ${JSON.stringify(withStyles(js, css))};\nexport const css = ${JSON.stringify(css)};`,
      loader: "js",
      watchFiles: inputs,
    };
  });
}
