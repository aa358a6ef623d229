// The seam between an object's core (context.ts, host.ts) and the runtime's optional parts.
//
// The core imports no feature's code. The generated entry imports only the features the build
// found the app using (state, storage, sql, sqlMigrations, scheduler, cron; realtime per object) and
// hands them to each class through `planObject`. Each feature is a function of the definition,
// called once per class when the worker loads (so it can check the definition's options then, as
// `defineDurableObject` would), that returns the part every instance of the class uses. A part
// that is absent was not bundled: in dev and test builds the member of `ctx` that needs it throws
// `notBuilt(...)` (left-out.ts); a production bundle carries nothing for it.
//
// To add a feature: give it a slot in `Parts` (what an instance calls), write its `Feature` in
// the feature's own folder (exported from `internal.ts`), read the slot in the core, and teach
// the build when to include it (packages/build/src/features.ts, codegen/entry.ts). A feature that
// gives `ctx` members of its own (the scheduler's, the connection answers) lists them in
// feature-names.ts (FEATURE_MEMBERS) and exports them for `addMembers` (context.ts).
import { DormError } from "../errors.js";
import type { Realtime } from "../realtime/realtime.js";
import type { NextCron } from "../schedule/cron.js";
import type { Alarms } from "../schedule/alarms.js";
import type { SchedulerHost } from "../schedule/scheduler.js";
import type { DormSql } from "../state/sql.js";
import type { DormStorage } from "../state/storage.js";
import type { StorageKind } from "../state/types.js";
import type { FeatureName } from "./feature-names.js";
import type { DurableObjectOptions, ObjectContext, ObjectMethods } from "./types.js";

export type AnyOptions = DurableObjectOptions<unknown, unknown, ObjectMethods<unknown, unknown>>;

/** What the generated class tells the runtime about itself. */
export interface ObjectInfo {
  /** Accessor name (`chatRoom`), used in messages. */
  readonly object: string;
  /** Method names the build found; checked against the definition once. */
  readonly methods: readonly string[];
}

/** What the instances of one class get from each feature. */
export interface Parts {
  /** Accepts a hibernatable WebSocket for `ctx.acceptWebSocket`, checking its tags. */
  readonly sockets?: (raw: DurableObjectState, ws: WebSocket, tags: readonly unknown[]) => void;
  /** Checks a new state (from `init` or `setState`) before it is kept; throws a DormError saying why not. */
  readonly state?: (value: unknown, where: string, label: () => string) => void;
  /** Makes `ctx.storage`. */
  readonly storage?: (raw: DurableObjectStorage, kind: StorageKind, afterDeleteAll: () => Promise<void>) => DormStorage;
  /** Makes `ctx.sql`. */
  readonly sql?: (raw: DurableObjectState, kind: StorageKind) => DormSql;
  /** Brings the schema up to date (`sql.migrations`); runs on activation, before the state loads. */
  readonly sqlMigrations?: (storage: DurableObjectStorage, label: string) => void;
  /** Makes the instance's alarms: the scheduler (SQLite storage) or the platform alarm (KV). */
  readonly scheduler?: (host: SchedulerHost) => Alarms;
  /** The next match of a cron expression, for the scheduler. */
  readonly cron?: NextCron;
  /** Makes the instance's WebSocket connections (objects with `connect` or `messages`). */
  readonly realtime?: (raw: DurableObjectState, ctx: ObjectContext<unknown, unknown>) => Realtime;
  /** Dev and test builds: throws when the generated class and the definition disagree (object/check-build.ts). */
  readonly checkBuild?: () => void;
}

/** A feature as the generated entry hands it over: made into its part once per class. */
export type Feature<K extends keyof Parts> = (def: AnyOptions, info: ObjectInfo) => NonNullable<Parts[K]>;
export type Features = { readonly [K in keyof Parts]?: Feature<K> };

/** One generated class: its definition, what the build found, and its features' parts. */
export interface ObjectPlan {
  readonly def: AnyOptions;
  readonly info: ObjectInfo;
  readonly parts: Parts;
}

/**
 * Called by the generated entry once per class, when the worker loads: each feature checks the
 * definition and makes its part.
 */
export function planObject(def: AnyOptions, info: ObjectInfo, features: Features): ObjectPlan {
  const parts: Record<string, unknown> = {};
  for (const [key, feature] of Object.entries(features)) parts[key] = (feature as Feature<keyof Parts>)(def, info);
  return { def, info, parts: parts as Parts };
}

/** `ctx.<member>` was called, and the build left out the feature behind it (in `object`, when known). */
export function notBuilt(member: string, feature: FeatureName, object?: string): DormError {
  return new DormError(
    "DORM_NOT_BUILT",
    `${member} is not in this build${object === undefined ? "" : ` of "${object}"`}: dorm bundles the "${feature}" feature only for apps whose code uses it, and found no use of it in app/ (or the files it imports). Rebuild after adding the call; if the call is in code the build does not read (a package), add features: ["${feature}"] to dorm.config.ts.`,
  );
}
