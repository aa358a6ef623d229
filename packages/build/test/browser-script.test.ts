import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../src/build.js";
import { BuildErrors } from "../src/errors.js";
import { tempApp, type TempApp } from "./temp-app.js";

let app: TempApp | null = null;
afterEach(async () => {
  await app?.cleanup();
  app = null;
});

const worker = `
import script from "./page/main.ts?browser";
export default { fetch: () => new Response(script, { headers: { "content-type": "text/javascript" } }) };
`;

describe('import "./x.ts?browser": a browser bundle as a string', () => {
  it("bundles the module with its imports (TypeScript, node_modules) into the worker as text", async () => {
    app = await tempApp({
      "app/worker.ts": worker,
      "app/page/main.ts": `import { greet } from "./greet.ts"; import { PROTOCOL_VERSION } from "dorm/protocol"; document.title = greet("page") + PROTOCOL_VERSION;`,
      "app/page/greet.ts": `export const greet = (who: string): string => "hello " + who;`,
    });
    await buildApp(app.root);
    const bundle = await readFile(join(app.root, "dist/worker.js"), "utf8");
    // The worker bundle holds the script as a string literal (esbuild picks the quotes).
    const literal = /var main_default = ('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*");/.exec(bundle);
    expect(literal, bundle.slice(0, 400)).not.toBeNull();
    const script = new Function(`return ${literal![1]}`)() as string;
    // Minified, imports inlined, types gone: it runs as is.
    const document = { title: "" };
    new Function("document", script)(document);
    expect(document.title).toBe("hello page1");
    expect(script).not.toContain("import ");
  });

  it("a broken script fails the build with its own file and line", async () => {
    app = await tempApp({ "app/worker.ts": worker, "app/page/main.ts": `const x = ;\n` });
    const error = await buildApp(app.root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildErrors);
    const [first] = (error as BuildErrors).errors;
    expect(first?.location?.file).toBe("app/page/main.ts");
    expect(first?.location?.line).toBe(1);
    expect(first?.message).toContain("browser bundle");
  });
});
