import type { WorkerFeatures } from "../worker/registry.js";
import { addMembers, type Context } from "./context.js";
import { FEATURE_MEMBERS, type FeatureName, type MemberFeature } from "./feature-names.js";
import { notBuilt, type Features } from "./features.js";

/** The core's parts an app may leave out, by the `ctx` member that needs each. */
const CORE_PARTS = { state: "ctx.setState", storage: "ctx.storage", sql: "ctx.sql", sockets: "ctx.acceptWebSocket" } as const;

/** What a dev or test build puts where a left-out feature would be. */
export interface LeftOut {
  /** For each object's plan: the core parts the build left out, each throwing DORM_NOT_BUILT. */
  readonly parts: Features;
  /** For `registerObjects`: the sharding part, when left out, throwing DORM_NOT_BUILT. */
  readonly worker: WorkerFeatures;
}

/**
 * Dev and test builds only (the generated entry calls it with the features it bundled): every
 * member of `ctx` and of `durableObjects.x` whose feature the build left out throws
 * DORM_NOT_BUILT, naming the feature to add to dorm.config.ts.
 *
 * A production bundle has none of this, nor the parts and members left out: it carries nothing
 * for what its app does not use, and a left-out member fails as JavaScript does (`ctx.schedule is
 * not a function`). The build finds a feature wherever the app's own code names it, so only code
 * it cannot read (a package) can reach one; that code runs under `dorm dev` and `@dorm/testing`
 * first, and is told there.
 *
 * @example
 * const leftOut = addLeftOut(["state"]); // ctx.schedule(...) now throws DORM_NOT_BUILT
 */
export function addLeftOut(bundled: readonly FeatureName[]): LeftOut {
  const has = (feature: FeatureName) => bundled.includes(feature);
  for (const [feature, names] of Object.entries(FEATURE_MEMBERS) as [MemberFeature, readonly string[]][]) {
    if (has(feature)) continue;
    const throwers = names.map((name) => [
      name,
      function (this: Context<unknown, unknown>): never {
        throw notBuilt(`ctx.${name}`, feature);
      },
    ]);
    addMembers(Object.fromEntries(throwers));
  }
  const parts: Record<string, Features[keyof Features]> = {};
  for (const [feature, member] of Object.entries(CORE_PARTS) as [keyof typeof CORE_PARTS, string][]) {
    if (has(feature)) continue;
    parts[feature] = (_def, info) => () => {
      throw notBuilt(member, feature, info.object);
    };
  }
  const sharding = (where: string): never => {
    throw notBuilt(where, "sharding");
  };
  const worker: WorkerFeatures = has("sharding")
    ? {}
    : { sharding: { stubForKey: (_ns, _key, _shards, where) => sharding(where), stubsForShards: (_ns, _shards, where) => sharding(where) } };
  return { parts: parts as Features, worker };
}
