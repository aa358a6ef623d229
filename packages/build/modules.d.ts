// Types for the imports wrangler's default module rules allow (see src/module-rules/): add
// "@dorm/build/modules" to "types" in the app's tsconfig. A rule of the app's own that changes a
// type (Data for .html, say) needs its own declaration instead.
declare module "*.html" {
  const text: string;
  export default text;
}
declare module "*.txt" {
  const text: string;
  export default text;
}
declare module "*.sql" {
  const text: string;
  export default text;
}
declare module "*.bin" {
  const data: ArrayBuffer;
  export default data;
}
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
declare module "*.wasm?module" {
  const module: WebAssembly.Module;
  export default module;
}
