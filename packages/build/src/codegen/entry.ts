import { FEATURE_MEMBERS, FEATURE_NAMES, REALTIME_PARTS, type FeatureName, type RealtimePart } from "dorm/feature-names";
import type { Manifest, ObjectEntry } from "../manifest.js";
import { DORM_DIR_BASE, fromBase, HEADER } from "./header.js";

const q = (value: unknown) => JSON.stringify(value);

type HandlerName = ObjectEntry["handlers"][number];

/** A class method that forwards to `call`: `name(params) { return call; }`. */
interface Member {
  readonly name: string;
  readonly params: string;
  readonly call: string;
  /** What the dev board counts it as (see dorm/dev/board's EventKind). */
  readonly kind: "rpc" | "fetch" | "frame" | "alarm" | "close";
}

/** Platform handler → what the dev board counts it as. */
const HANDLER_KINDS: Record<HandlerName, Member["kind"]> = {
  fetch: "fetch",
  alarm: "alarm",
  webSocketMessage: "frame",
  webSocketClose: "close",
  webSocketError: "close",
};

/** Platform handler → the class method that hands it to the runtime's host. */
const HANDLER_PARAMS: Record<HandlerName, string> = {
  fetch: "request",
  alarm: "info",
  webSocketMessage: "ws, message",
  webSocketClose: "ws, code, reason, wasClean",
  webSocketError: "ws, error",
};

/** What a handler of the definition takes, `ctx` included, when the class calls it directly. */
const DIRECT_ARGS: Record<HandlerName, string> = {
  fetch: "request, this.#ctx",
  alarm: "this.#ctx, info",
  webSocketMessage: "ws, message, this.#ctx",
  webSocketClose: "ws, code, reason, wasClean, this.#ctx",
  webSocketError: "ws, error, this.#ctx",
};

/** WebSocket connections (`connect`/`messages`) come in through these; the runtime dispatches them. */
const REALTIME_HANDLERS = ["fetch", "webSocketMessage", "webSocketClose", "webSocketError"] as const;

/**
 * Handlers the class has: the definition's own, `alarm` when the scheduler owns the platform
 * alarm (SQLite-backed objects of an app that schedules), and, for an object that takes
 * connections, fetch and the WebSocket handlers.
 */
function classHandlers(object: ObjectEntry, features: readonly FeatureName[]): HandlerName[] {
  const handlers = new Set(object.handlers);
  if (object.storage === "sqlite" && features.includes("scheduler")) handlers.add("alarm");
  if (object.realtime) for (const handler of REALTIME_HANDLERS) handlers.add(handler);
  return (Object.keys(HANDLER_PARAMS) as HandlerName[]).filter((h) => handlers.has(h));
}

/** The class's identifier inside the entry (exported as the plain class name). */
const classId = (object: ObjectEntry) => `${object.className}$class`;

/** Whether the object answers HTTP: its own `fetch`, or WebSocket connections. */
const routable = (object: ObjectEntry) => object.handlers.includes("fetch") || object.realtime;

/** The RPC method a test build adds to every class (see dorm/test-hooks); no object method can be called so. */
export const TEST_HOOK_METHOD = "__dormTest";
/** The RPC method a dev build adds to every class (see dorm/dev's inspect). */
export const INSPECT_METHOD = "__dormInspect";

function render(member: Member, dev: boolean): string {
  const call = dev ? `$devCall(this.#host, ${q(member.kind)}, ${q(member.name)}, () => ${member.call})` : member.call;
  return `${member.name}(${member.params}) { return ${call}; }`;
}

/** Where the entry keeps an object's plan: its definition, build info and features (dorm/internal planObject). */
const planOf = (object: ObjectEntry) => `${object.accessor}$plan`;

/**
 * Whether the class hands its handlers to the runtime's ObjectHost: when a feature runs around
 * them (connections, the scheduler's alarm), and in dev and test builds, whose hooks read the
 * host. Otherwise it calls the definition's handlers itself, and the bundle has no host.
 */
function hosted(object: ObjectEntry, features: readonly FeatureName[], options: EntryOptions): boolean {
  return options.dev === true || options.testHooks === true || object.realtime || (features.includes("scheduler") && classHandlers(object, features).includes("alarm"));
}

function objectClass(object: ObjectEntry, features: readonly FeatureName[], options: EntryOptions): string {
  const dev = options.dev === true;
  const def = `${object.accessor}$def`;
  const host = hosted(object, features, options);
  const forwarded: Member[] = [
    // Prototype methods are what native RPC can call; each calls the definition's method with ctx.
    ...object.methods.map((m) => ({ name: m, params: "...args", call: `${def}.methods.${m}(this.#ctx, ...args)`, kind: "rpc" as const })),
    ...classHandlers(object, features).map((h) => ({
      name: h,
      params: HANDLER_PARAMS[h],
      call: host ? `this.#host.${h}(${HANDLER_PARAMS[h]})` : `${def}.${h}(${DIRECT_ARGS[h]})`,
      kind: HANDLER_KINDS[h],
    })),
  ];
  const construct = host
    ? `this.#host = new $ObjectHost(${planOf(object)}, state, env);\n    this.#ctx = this.#host.ctx;`
    : `this.#ctx = new $Context(${planOf(object)}, state, env);`;
  const members = [
    ...(host ? [`#host;`] : []),
    `#ctx;`,
    `constructor(state, env) {\n    super(state, env);\n    ${construct}\n  }`,
    ...forwarded.map((m) => render(m, dev)),
    // Dev builds only: what the board and the inspector read from inside the instance.
    ...(dev ? [`${INSPECT_METHOD}(op, ...args) { return $inspect(this.#host, op, args); }`] : []),
    // Test builds only: the hook @dorm/testing drives.
    ...(options.testHooks ? [`${TEST_HOOK_METHOD}(op, ...args) { return $testHook(this, this.#host, ${q(object.methods)}, op, args); }`] : []),
  ];
  return `class ${classId(object)} extends $DurableObject {\n${members.map((m) => `  ${m}`).join("\n")}\n}`;
}

export interface EntryOptions {
  /**
   * A dev build (`dorm dev`, `vite dev`): every event is timed for the board, each class can be
   * inspected, and the worker answers the token-protected `/__dorm/` endpoints. Production
   * builds contain none of it.
   */
  dev?: boolean | undefined;
  /** Add `__dormTest` to every class, for `@dorm/testing`. Never in a deployable build. */
  testHooks?: boolean | undefined;
}

/**
 * Whether each class checks, when it starts, that it agrees with its definition (dorm's
 * object/check-build.ts): dev and test builds, whose entry may be older than the app's code. A
 * production build makes both from the same sources in one step and leaves the check out.
 */
const checksBuild = (options: EntryOptions) => options.dev === true || options.testHooks === true;

/** The runtime's export for a feature (dorm/internal): `scheduler` → `schedulerFeature`. */
const featureExport = (name: FeatureName | "realtime") => `${name}Feature`;

/** The runtime's export of a feature's `ctx` members (FEATURE_MEMBERS): `scheduler` → `schedulerMembers`. */
const membersExport = (name: FeatureName) => `${name}Members`;

/** Features with `ctx` members of their own, which the entry adds to `ctx` (dorm's addMembers). */
const hasMembers = (name: FeatureName) => Object.hasOwn(FEATURE_MEMBERS, name);

/**
 * Features that are not an object's part: the worker's (sharding), and members only (connections,
 * whose answers the realtime feature serves per object).
 */
const NOT_OBJECT_PARTS: readonly FeatureName[] = ["connections", "sharding"];

/** Features the objects share, and the worker's (sharding), as the entry hands them over. */
const OBJECT_FEATURES = "$features";

/** Dev and test builds: the stand-ins for what the build left out (dorm's addLeftOut). */
const LEFT_OUT = "$leftOut";

/**
 * What the bundle carries: the app's features, and the connection members when an object takes
 * connections (its handlers answer through them: ctx.broadcast, ctx.connections…).
 */
function bundledFeatures(manifest: Manifest): FeatureName[] {
  const features = new Set(manifest.features);
  if (manifest.objects.some((o) => o.realtime)) features.add("connections");
  return FEATURE_NAMES.filter((f) => features.has(f));
}

/**
 * The runtime imports: the core from `dorm/internal`, and each feature the app uses (manifest
 * features, and realtime when an object takes connections) from its own `dorm/internal/<name>`,
 * so esbuild reads and bundles nothing else of the runtime.
 */
function runtimeImports(manifest: Manifest, features: readonly FeatureName[], options: EntryOptions): string[] {
  const core = [];
  if (manifest.objects.some((o) => hosted(o, manifest.features, options))) core.push("ObjectHost");
  if (manifest.objects.some((o) => !hosted(o, manifest.features, options))) core.push("Context");
  core.push("planObject", "registerObjects");
  if (manifest.objects.length > 0 && features.some(hasMembers)) core.push("addMembers");
  if (checksBuild(options) && manifest.objects.length > 0) core.push("addLeftOut", "checkBuild");
  if (!manifest.worker) core.push("routeObjectRequest");
  const imports = (feature: FeatureName) => [
    ...(feature === "connections" ? [] : [featureExport(feature)]),
    ...(hasMembers(feature) && manifest.objects.length > 0 ? [membersExport(feature)] : []),
  ];
  const named = (names: string[]) => names.map((n) => `${n} as $${n}`).join(", ");
  return [
    `import { ${named(core)} } from "dorm/internal";`,
    ...features.filter((f) => imports(f).length > 0).map((f) => `import { ${named(imports(f))} } from "dorm/internal/${f}";`),
    ...(manifest.objects.some((o) => o.realtime) ? [`import { ${named([featureExport("realtime")])} } from "dorm/internal/realtime";`] : []),
    ...realtimePartsOf(manifest).map((p) => `import { ${p}Part as $${p}Part } from "dorm/internal/realtime/${p}";`),
  ];
}

/** The realtime parts the app's objects need, together (each part is bundled once, whichever objects use it). */
function realtimePartsOf(manifest: Manifest): RealtimePart[] {
  const parts = new Set(manifest.objects.flatMap((o) => o.realtimeParts));
  return REALTIME_PARTS.filter((p) => parts.has(p));
}

/** The realtime feature, made from its parts (dorm/internal/realtime). */
const REALTIME = "$realtime";

function objectPlan(object: ObjectEntry): string {
  const info = { object: object.accessor, methods: object.methods };
  const features = object.realtime ? `{ ...${OBJECT_FEATURES}, realtime: ${REALTIME} }` : OBJECT_FEATURES;
  return `const ${planOf(object)} = $planObject(${object.accessor}$def, ${q(info)}, ${features});`;
}

/**
 * The worker bundle's entry: the app's worker (or the default router) as default export, and
 * one Durable Object class per object. Identifiers cannot collide: dorm's own start with `$`,
 * which no object name can, and each object's are its name with a `$` suffix (`counter$def`,
 * `Counter$class`), exported under the plain class name. `base` leads from the entry's folder to
 * the app root.
 * A test build (`options.testHooks`) also gives each class the hook `@dorm/testing` drives.
 *
 * The entry is also where the runtime is composed: it imports the core and the features the
 * build found the app using, and hands them to each class's plan (dorm's object/features.ts).
 */
export function generateEntry(manifest: Manifest, base: string = DORM_DIR_BASE, options: EntryOptions = {}): string {
  const dev = options.dev === true;
  const bundled = bundledFeatures(manifest);
  const objectFeatures = bundled.filter((f) => !NOT_OBJECT_PARTS.includes(f));
  const lines = [
    HEADER,
    `import { DurableObject as $DurableObject } from "cloudflare:workers";`,
    ...runtimeImports(manifest, bundled, options),
    ...(options.testHooks ? [`import { testHook as $testHook } from "dorm/test-hooks";`] : []),
  ];
  if (dev) lines.push(`import { devCall as $devCall, devWorker as $devWorker, inspect as $inspect } from "dorm/dev";`);
  if (manifest.worker) lines.push(`import $worker from ${q(fromBase(base, manifest.worker))};`);
  for (const object of manifest.objects) lines.push(`import ${object.accessor}$def from ${q(fromBase(base, object.file))};`);
  // Only objects that answer HTTP get a route: the default router never reaches the others.
  const registry = manifest.objects.map((o) => ({ object: o.accessor, binding: o.binding, ...(routable(o) ? { route: o.route } : {}) }));
  // Dev and test builds: what the build left out is there, throwing DORM_NOT_BUILT (dorm's object/left-out.ts).
  const leftOut = checksBuild(options) && manifest.objects.length > 0;
  if (leftOut) lines.push("", `const ${LEFT_OUT} = $addLeftOut(${q(bundled)});`);
  const workerFeatures = bundled.includes("sharding") ? `, { sharding: $${featureExport("sharding")} }` : leftOut ? `, ${LEFT_OUT}.worker` : "";
  lines.push("", `$registerObjects(${q(registry)}${workerFeatures});`);
  if (manifest.objects.length > 0) {
    // Each ctx gets the members of the features bundled (dorm's addMembers).
    lines.push(...bundled.filter(hasMembers).map((f) => `$addMembers($${membersExport(f)});`));
    const shared = [
      ...(leftOut ? [`...${LEFT_OUT}.parts`] : []),
      ...objectFeatures.map((f) => `${f}: $${featureExport(f)}`),
      ...(checksBuild(options) ? ["checkBuild: $checkBuild"] : []),
    ].join(", ");
    lines.push("", `const ${OBJECT_FEATURES} = ${shared ? `{ ${shared} }` : "{}"};`);
    if (manifest.objects.some((o) => o.realtime)) {
      const parts = realtimePartsOf(manifest).map((p) => `${p}: $${p}Part`).join(", ");
      lines.push(`const ${REALTIME} = $${featureExport("realtime")}({ ${parts} });`);
    }
    for (const object of manifest.objects) lines.push(objectPlan(object));
  }
  for (const object of manifest.objects) lines.push("", objectClass(object, manifest.features, options));
  lines.push("");
  if (manifest.objects.length > 0) {
    lines.push(`export { ${manifest.objects.map((o) => `${classId(o)} as ${o.className}`).join(", ")} };`);
  }
  const worker = manifest.worker ? "$worker" : "{ fetch: (request, env) => $routeObjectRequest(request, env) }";
  if (dev) {
    const classes = manifest.objects.map(({ accessor, className, binding }) => ({ object: accessor, className, binding }));
    lines.push(`export default $devWorker(${worker}, ${q(classes)});`);
  } else {
    lines.push(`export default ${worker};`);
  }
  return `${lines.join("\n")}\n`;
}
