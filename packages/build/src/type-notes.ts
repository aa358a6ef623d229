import type { Manifest } from "./manifest.js";

/**
 * What `dorm build` tells the author about types it cannot give: a definition written
 * `defineDurableObject<State>({ ... })` compiles, but a written type argument stops TypeScript
 * from inferring the methods, so callers get their names only. One note per such file. Pure.
 */
export function typeNotes(manifest: Manifest): string[] {
  return manifest.objects
    .filter((o) => o.typeArgumentLine !== null)
    .map((o) => {
      const methods = o.methods.length > 0 ? ` (${o.methods.join(", ")})` : "";
      return (
        `${o.file}:${o.typeArgumentLine}: defineDurableObject<...>(...) is given a type argument, so TypeScript infers nothing else: ` +
        `callers of durableObjects.${o.accessor} see its methods${methods} with unknown parameters and results, and its ctx.schedule and ctx.broadcast accept nothing.\n` +
        `  fix: drop the type argument and type init's result instead — init: (): State => ({ ... }) — then every method is typed from its own parameters (docs/types.md).`
      );
    });
}
