import type { Manifest, ObjectEntry } from "../manifest.js";
import { DORM_DIR_BASE, fromBase, HEADER } from "./header.js";

const q = (value: unknown) => JSON.stringify(value);

/** Handler → the class method that delegates to it, with the definition's argument order. */
const HANDLER_METHODS: Record<ObjectEntry["handlers"][number], (def: string) => string> = {
  fetch: (def) => `fetch(request) { return ${def}.fetch(request, this.#ctx); }`,
  alarm: (def) => `alarm(info) { return ${def}.alarm(this.#ctx, info); }`,
  webSocketMessage: (def) => `webSocketMessage(ws, message) { return ${def}.webSocketMessage(ws, message, this.#ctx); }`,
  webSocketClose: (def) =>
    `webSocketClose(ws, code, reason, wasClean) { return ${def}.webSocketClose(ws, code, reason, wasClean, this.#ctx); }`,
  webSocketError: (def) => `webSocketError(ws, error) { return ${def}.webSocketError(ws, error, this.#ctx); }`,
};

function objectClass(object: ObjectEntry): string {
  const def = `${object.accessor}$def`;
  const info = { object: object.accessor, methods: object.methods };
  const members = [
    `#ctx;`,
    `constructor(state, env) {\n    super(state, env);\n    this.#ctx = new $Context(${def}, state, env, ${q(info)});\n  }`,
    // Prototype methods are what native RPC can call; each calls the definition's method with ctx.
    ...object.methods.map((m) => `${m}(...args) { return ${def}.methods.${m}(this.#ctx, ...args); }`),
    ...object.handlers.map((h) => HANDLER_METHODS[h](def)),
  ];
  return `class $${object.className} extends $DurableObject {\n${members.map((m) => `  ${m}`).join("\n")}\n}`;
}

/**
 * The worker bundle's entry: the app's worker (or the default router) as default export, and
 * one Durable Object class per object. Internal names start with `$`, which object names
 * cannot, so no object can shadow them. `base` leads from the entry's folder to the app root.
 */
export function generateEntry(manifest: Manifest, base: string = DORM_DIR_BASE): string {
  const lines = [
    HEADER,
    `import { DurableObject as $DurableObject } from "cloudflare:workers";`,
    `import { Context as $Context, registerObjects as $registerObjects${manifest.worker ? "" : ", routeObjectRequest as $routeObjectRequest"} } from "dorm/internal";`,
  ];
  if (manifest.worker) lines.push(`import $worker from ${q(fromBase(base, manifest.worker))};`);
  for (const object of manifest.objects) lines.push(`import ${object.accessor}$def from ${q(fromBase(base, object.file))};`);
  const registry = manifest.objects.map(({ accessor, binding, route }) => ({ object: accessor, binding, route }));
  lines.push("", `$registerObjects(${q(registry)});`);
  for (const object of manifest.objects) lines.push("", objectClass(object));
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
