import type { Manifest, ObjectEntry } from "../manifest.js";
import { DORM_DIR_BASE, fromBase, HEADER } from "./header.js";

const q = (value: unknown) => JSON.stringify(value);

/** Platform handler → the class method that hands it to the runtime's host. */
const HANDLER_METHODS: Record<ObjectEntry["handlers"][number], string> = {
  fetch: `fetch(request) { return this.#host.fetch(request); }`,
  alarm: `alarm(info) { return this.#host.alarm(info); }`,
  webSocketMessage: `webSocketMessage(ws, message) { return this.#host.webSocketMessage(ws, message); }`,
  webSocketClose: `webSocketClose(ws, code, reason, wasClean) { return this.#host.webSocketClose(ws, code, reason, wasClean); }`,
  webSocketError: `webSocketError(ws, error) { return this.#host.webSocketError(ws, error); }`,
};

/** Handlers the class has: the definition's own, plus `alarm`, which the runtime always owns. */
function classHandlers(object: ObjectEntry): ObjectEntry["handlers"][number][] {
  const handlers = new Set(object.handlers);
  handlers.add("alarm");
  return (Object.keys(HANDLER_METHODS) as ObjectEntry["handlers"][number][]).filter((h) => handlers.has(h));
}

/** The RPC method a test build adds to every class (see dorm/test-hooks); no object method can be called so. */
export const TEST_HOOK_METHOD = "__dormTest";

export interface EntryOptions {
  /** Add `__dormTest` to every class, for `@dorm/testing`. Never in a deployable build. */
  readonly testHooks?: boolean;
}

function objectClass(object: ObjectEntry, options: EntryOptions): string {
  const def = `${object.accessor}$def`;
  const info = { object: object.accessor, methods: object.methods };
  const members = [
    `#host;`,
    `#ctx;`,
    `constructor(state, env) {\n    super(state, env);\n    this.#host = new $ObjectHost(${def}, state, env, ${q(info)});\n    this.#ctx = this.#host.ctx;\n  }`,
    // Prototype methods are what native RPC can call; each calls the definition's method with ctx.
    ...object.methods.map((m) => `${m}(...args) { return ${def}.methods.${m}(this.#ctx, ...args); }`),
    ...classHandlers(object).map((h) => HANDLER_METHODS[h]),
    ...(options.testHooks ? [`${TEST_HOOK_METHOD}(op, ...args) { return $testHook(this, this.#host, ${q(object.methods)}, op, args); }`] : []),
  ];
  return `class $${object.className} extends $DurableObject {\n${members.map((m) => `  ${m}`).join("\n")}\n}`;
}

/**
 * The worker bundle's entry: the app's worker (or the default router) as default export, and
 * one Durable Object class per object. Internal names start with `$`, which object names
 * cannot, so no object can shadow them. `base` leads from the entry's folder to the app root.
 * A test build (`options.testHooks`) also gives each class the hook `@dorm/testing` drives.
 */
export function generateEntry(manifest: Manifest, base: string = DORM_DIR_BASE, options: EntryOptions = {}): string {
  const lines = [
    HEADER,
    `import { DurableObject as $DurableObject } from "cloudflare:workers";`,
    `import { ObjectHost as $ObjectHost, registerObjects as $registerObjects${manifest.worker ? "" : ", routeObjectRequest as $routeObjectRequest"} } from "dorm/internal";`,
    ...(options.testHooks ? [`import { testHook as $testHook } from "dorm/test-hooks";`] : []),
  ];
  if (manifest.worker) lines.push(`import $worker from ${q(fromBase(base, manifest.worker))};`);
  for (const object of manifest.objects) lines.push(`import ${object.accessor}$def from ${q(fromBase(base, object.file))};`);
  const registry = manifest.objects.map(({ accessor, binding, route }) => ({ object: accessor, binding, route }));
  lines.push("", `$registerObjects(${q(registry)});`);
  for (const object of manifest.objects) lines.push("", objectClass(object, options));
  lines.push("");
  if (manifest.objects.length > 0) {
    lines.push(`export { ${manifest.objects.map((o) => `$${o.className} as ${o.className}`).join(", ")} };`);
  }
  lines.push(
    manifest.worker
      ? `export default $worker;`
      : `export default { fetch: (request, env) => $routeObjectRequest(request, env) };`,
  );
  return `${lines.join("\n")}\n`;
}
