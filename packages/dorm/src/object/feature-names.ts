/**
 * @module
 * The runtime's optional parts, by the name the build, `dorm.config.ts` (`features: [...]`) and
 * the runtime's "not in this build" errors use. Pure: the build imports it too.
 */

/**
 * Parts of the runtime an app pays for only when its code uses them. The build finds them in the
 * app's code (see docs/benchmarks.md, "What a worker pays for"); `realtime` is per object, from
 * its `connect` or `messages` option, and so is not in this list.
 */
export const FEATURE_NAMES = ["state", "storage", "sql", "sqlMigrations", "sockets", "connections", "scheduler", "cron", "sharding"] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** The members of `ctx` the scheduler serves. */
export const SCHEDULER_MEMBERS = ["setAlarm", "getAlarm", "deleteAlarm", "schedule", "scheduleEvery", "cancelSchedule", "listSchedules"] as const;
export type SchedulerMember = (typeof SCHEDULER_MEMBERS)[number];

/**
 * The members of `ctx` that answer about connections (for an object without any: nothing sent,
 * nobody connected). Every app with an object that takes connections has them.
 */
export const CONNECTION_MEMBERS = ["broadcast", "publish", "broadcastRaw", "publishRaw", "connections", "connection", "presence"] as const;
export type ConnectionMember = (typeof CONNECTION_MEMBERS)[number];

/**
 * Features that give `ctx` members, and which. The build looks for the names in the app's code.
 * A production bundle has the members of the features it bundled and no others; dev and test
 * builds (which run the same code first) give each left-out member one that throws
 * DORM_NOT_BUILT, naming the feature to add (object/left-out.ts).
 */
export const FEATURE_MEMBERS = { connections: CONNECTION_MEMBERS, scheduler: SCHEDULER_MEMBERS } as const;
export type MemberFeature = keyof typeof FEATURE_MEMBERS;

/**
 * Parts of the realtime feature, each bundled only when an object's options need it (read from
 * its `realtime` settings and `messages`; see realtime/parts.ts): the two protocols, presence,
 * the rate limit, payload schemas, topics, the connect hook, and the checks of options the build
 * could not check itself.
 */
export const REALTIME_PARTS = ["dorm", "raw", "presence", "rateLimit", "schemas", "topics", "connect", "checks"] as const;
export type RealtimePart = (typeof REALTIME_PARTS)[number];
