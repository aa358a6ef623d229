import type { Manifest } from "../manifest.js";
import { DORM_DIR_BASE, fromBase, HEADER } from "./header.js";

/**
 * `.dorm/env.d.ts`: fills `DurableObjects` (typed `durableObjects.x`) and `Cloudflare.Env`
 * (the bindings) from the app's objects. Types flow from each definition; nothing is copied.
 */
export function generateTypes(manifest: Manifest): string {
  const objects = manifest.objects
    .map((o) => `    ${o.accessor}: typeof import(${JSON.stringify(fromBase(DORM_DIR_BASE, o.file).replace(/\.ts$/, ""))}).default;`)
    .join("\n");
  const bindings = manifest.objects.map((o) => `      ${o.binding}: DurableObjectNamespace;`).join("\n");
  return `${HEADER}
declare module "dorm" {
  interface DurableObjects {
${objects}
  }
}

declare global {
  namespace Cloudflare {
    interface Env {
${bindings}
    }
  }
}

export {};
`;
}
