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
  const imports = ["DefinitionOf as $DefinitionOf", "DurableObjectBindings as $Bindings", "DurableObjectClass as $Class"];
  if (objects.some((o) => o.typeArgumentLine !== null)) imports.push("WithMethodNames as $WithMethodNames");
  // A named interface per definition, so that editors and errors say `ObjectStub<Room$definition>`
  // rather than spelling out the whole inferred definition.
  const types = objects
    .map(
      (o) =>
        `/** The definition in ${o.file}, as TypeScript infers it. */\n` +
        `export interface ${o.className}$definition extends $DefinitionOf<${definitionType(o)}> {}\n` +
        `/** The class dorm generates for ${o.file} (exported as ${o.className} by .dorm/entry.js). */\n` +
        `export type ${o.className} = $Class<${o.className}$definition>;`,
    )
    .join("\n");
  const definitions = objects.map((o) => `    ${o.accessor}: ${o.className}$definition;`).join("\n");
  const bindings = objects.map((o) => `    ${o.binding}: DurableObjectNamespace<${o.className}>;`).join("\n");
  return `${HEADER}
import type { ${imports.join(", ")} } from "dorm";
${types ? `\n${types}\n` : ""}
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
