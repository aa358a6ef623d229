// The core of what the code `dorm build` generates uses; not part of the public API. Each optional
// feature has its own entry, `dorm/internal/<feature>` (package.json), so that a generated entry
// makes esbuild read only the features the app uses, and bundle nothing else (object/features.ts).
export { addMembers, Context } from "./object/context.js";
export { ObjectHost } from "./object/host.js";
export { planObject } from "./object/features.js";
export { checkBuild } from "./object/check-build.js";
export { addLeftOut } from "./object/left-out.js";
export type { Feature, Features, ObjectInfo, ObjectPlan, Parts } from "./object/features.js";
export { registerObjects } from "./worker/registry.js";
export type { WorkerFeatures } from "./worker/registry.js";
export { routeObjectRequest } from "./worker/router.js";
