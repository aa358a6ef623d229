// The page's stylesheet: esbuild bundles it beside the script (see @dorm/build's inspector page).
declare module "*.css";
