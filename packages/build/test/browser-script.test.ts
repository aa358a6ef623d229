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

/** The value of `var name = "..."` in a bundle, whichever quotes esbuild picked. */
function stringVar(bundle: string, name: string): string {
  const literal = new RegExp(`var ${name} = ('(?:[^'\\\\]|\\\\.)*'|"(?:[^"\\\\]|\\\\.)*"|\`(?:[^\`\\\\$]|\\\\.)*\`);`).exec(bundle);
  if (!literal) throw new Error(`no string variable ${name} in the bundle`);
  return new Function(`return ${literal[1]}`)() as string;
}

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

  it("a script that imports CSS (as React clients do) applies it itself; images in it are inlined; css is exported too", async () => {
    app = await tempApp({
      "app/worker.ts": `import script, { css } from "./page/main.js?browser";\nexport default { fetch: () => Response.json({ script, css }) };\n`,
      // A .js entry in the same folder as its output name: nothing is taken for its own output.
      "app/page/main.js": `import "./styles.css";\ndocument.title = "styled";\n`,
      "app/page/styles.css": `@import "./base.css";\n.message { color: rgb(1, 2, 3); background: url(./dot.svg); }\n`,
      "app/page/base.css": `body { margin: 0 }\n`,
      "app/page/dot.svg": `<svg xmlns="http://www.w3.org/2000/svg"/>`,
    });
    await buildApp(app.root);
    const bundle = await readFile(join(app.root, "dist/worker.js"), "utf8");
    const css = stringVar(bundle, "css");
    expect(css).toContain("body{margin:0}");
    expect(css).toContain(".message{color:#010203;background:url('data:image/svg+xml,<svg");
    const script = stringVar(bundle, "main_default");
    // Run against a minimal document: the style element is added before the module's own code.
    const added: { textContent: string; dataset: Record<string, string> }[] = [];
    const document = {
      title: "",
      head: { appendChild: (node: { textContent: string; dataset: Record<string, string> }) => added.push(node) },
      createElement: () => ({ textContent: "", dataset: {} }),
    };
    new Function("document", script)(document);
    expect(added).toEqual([{ textContent: css, dataset: { dorm: "browser" } }]);
    expect(document.title).toBe("styled");
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
