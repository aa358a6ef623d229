// Used by the code `dorm build` generates; not part of the public API.
export { Context } from "./context.js";
export { ObjectHost } from "./host.js";
export type { ObjectInfo } from "./context.js";
export { registerObjects } from "./registry.js";
export { routeObjectRequest } from "./router.js";
