// Types for `import script from "./page/main.ts?browser"` (see src/plugins/browser-script.ts):
// add "@dorm/build/browser" to "types" in the app's tsconfig, or reference this file.
declare module "*?browser" {
  /** The module and its imports, bundled and minified for browsers (one ES module); it applies its own CSS. */
  const script: string;
  export default script;
  /** The CSS the module imports (already applied by the script; for a page that links a stylesheet instead). */
  export const css: string;
}

// CSS a browser script imports (`import "./styles.css"`): the ?browser bundle applies it.
declare module "*.css";
