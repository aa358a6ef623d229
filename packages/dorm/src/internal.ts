// Used by the code `dorm build` generates; not part of the public API.
export { Context } from "./object/context.js";
export { ObjectHost } from "./object/host.js";
export type { ObjectInfo } from "./object/context.js";
export { registerObjects } from "./worker/registry.js";
export { routeObjectRequest } from "./worker/router.js";
