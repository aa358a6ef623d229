import type { Manifest, ObjectEntry } from "../manifest.js";
import { DORM_DIR_BASE, fromBase, HEADER } from "./header.js";

const q = (value: string) => JSON.stringify(value);

/** The definition's type, read from its module; with the method names when TypeScript cannot see them. */
function definitionType(o: ObjectEntry): string {
  const definition = `typeof import(${q(fromBase(DORM_DIR_BASE, o.file).replace(/\.ts$/, ""))}).default`;
  if (o.typeArgumentLine === null) return definition;
  // defineDurableObject<State>(...): a written type argument stops TypeScript from inferring the
  // methods, so the names come from the build (see WithMethodNames).
  const names = o.methods.map(q).join(" | ") || "never";
  return `$WithMethodNames<${definition}, ${names}>`;
}

/**
 * `.dorm/env.d.ts`: fills `DurableObjects` (typed `durableObjects.x`), `DurableObjectBindings` and
 * `Cloudflare.Env` (the bindings) from the app's objects. Types flow from each definition; nothing
 * is copied. Each generated class gets a type of its name (`Counter`), the binding's type argument.
 */
export function generateTypes(manifest: Manifest): string {
  const { objects } = manifest;
  // Imported under $-names: a class type may be called anything an object file is named.
  const imports = ["DurableObjectBindings as $Bindings", "DurableObjectClass as $Class", "DurableObjects as $Objects"];
  if (objects.some((o) => o.typeArgumentLine !== null)) imports.push("WithMethodNames as $WithMethodNames");
  const classes = objects
    .map((o) => `/** The class dorm generates for ${o.file} (exported as ${o.className} by .dorm/entry.js). */\nexport type ${o.className} = $Class<$Objects[${q(o.accessor)}]>;`)
    .join("\n");
  const definitions = objects.map((o) => `    ${o.accessor}: ${definitionType(o)};`).join("\n");
  const bindings = objects.map((o) => `    ${o.binding}: DurableObjectNamespace<${o.className}>;`).join("\n");
  return `${HEADER}
import type { ${imports.join(", ")} } from "dorm";
${classes ? `\n${classes}\n` : ""}
declare module "dorm" {
  interface DurableObjects {
${definitions}
  }
  interface DurableObjectBindings {
${bindings}
  }
}

declare global {
  namespace Cloudflare {
    interface Env extends $Bindings {}
  }
}
`;
}
