// Used by the code `dorm build` generates; not part of the public API. The package has no side
// effects ("sideEffects": false), so a generated entry bundles only what it imports from here:
// the core, and the features the build found the app using (object/features.ts).
export { Context } from "./object/context.js";
export { ObjectHost } from "./object/host.js";
export { planObject } from "./object/features.js";
export type { Feature, Features, ObjectInfo, ObjectPlan, Parts } from "./object/features.js";
export { registerObjects } from "./worker/registry.js";
export type { WorkerFeatures } from "./worker/registry.js";
export { routeObjectRequest } from "./worker/router.js";
// Features.
export { stateFeature, storageFeature, sqlFeature } from "./state/features.js";
export { sqlMigrationsFeature } from "./state/sql-migrations.js";
export { schedulerFeature } from "./schedule/scheduler.js";
export { cronFeature } from "./schedule/cron.js";
export { realtimeFeature } from "./realtime/realtime.js";
export { shardingFeature } from "./sharding/feature.js";
