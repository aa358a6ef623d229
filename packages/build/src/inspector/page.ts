import { createRequire } from "node:module";
import * as esbuild from "esbuild";
import { browserBundleOptions } from "../plugins/browser-script.js";

/** The inspector page's script and styles, bundled from `dorm/dev/page` for browsers. */
export interface PageAssets {
  readonly script: string;
  readonly styles: string;
}

let bundled: Promise<PageAssets> | null = null;

async function bundle(): Promise<PageAssets> {
  // The same options as an app's `?browser` scripts: one minified module and its CSS.
  const result = await esbuild.build(browserBundleOptions(createRequire(import.meta.url).resolve("dorm/dev/page")));
  const text = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? "";
  return { script: text(".js"), styles: text(".css") };
}

/** Bundled once per process, on the first request for the page (a few tens of ms). */
export function pageAssets(): Promise<PageAssets> {
  bundled ??= bundle().catch((error: unknown) => {
    bundled = null;
    throw error;
  });
  return bundled;
}

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#4f46e5"/><path d="M9 9h8a7 7 0 0 1 0 14H9z" fill="none" stroke="#fff" stroke-width="3"/><circle cx="16" cy="16" r="2.6" fill="#fff"/></svg>`;

/**
 * The page, whole: one response with the styles and the script inline, so opening the inspector
 * costs one request. The token stays in the page's URL, where the script reads it.
 */
export function pageHtml(assets: PageAssets): string {
  // An inline script ends at the first "</script" wherever it appears.
  const script = assets.script.replaceAll("</script", "<\\/script");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>dorm inspector</title>
<link rel="icon" href="data:image/svg+xml,${encodeURIComponent(ICON)}">
<style>${assets.styles}</style>
</head>
<body>
<header class="top">
  <div class="brand">${ICON}<b>dorm</b> inspector <span class="app" id="app-name"></span></div>
  <span id="live" data-state="connecting">connecting…</span>
  <a id="explorer" hidden target="_blank" rel="noopener">Local Explorer ↗</a>
</header>
<main>
  <section id="board" class="cards" aria-label="classes"></section>
  <div class="split">
    <section id="instances" class="panel" aria-label="instances"></section>
    <section id="detail" aria-label="instance"></section>
  </div>
</main>
<script type="module">${script}</script>
</body>
</html>
`;
}
