import { describe, expect, it } from "vitest";
import { parseConfig } from "../config.js";
import { BuildError } from "../errors.js";
import { DEFAULT_MODULE_RULES, effectiveRules, globToRegExp, matchSpecifier, outputName, readRules, RULE_CANDIDATE } from "./rules.js";

const rulesOf = (text: string) => effectiveRules(readRules({ file: "wrangler.jsonc", config: parseConfig("wrangler.jsonc", text), text }));

describe("module rules", () => {
  it("wrangler's defaults: .html/.txt/.sql are Text, .bin Data, .wasm (and .wasm?module) CompiledWasm; code is esbuild's", () => {
    const rules = effectiveRules([]);
    expect(rules.rules).toEqual(DEFAULT_MODULE_RULES);
    const type = (specifier: string) => {
      const match = matchSpecifier(rules, specifier);
      return match?.kind === "module" ? match.type : (match?.kind ?? null);
    };
    expect(["./chat.html", "../notes.txt", "./q/schema.sql", "./blob.bin", "./add.wasm", "./add.wasm?module"].map(type)).toEqual([
      "Text",
      "Text",
      "Text",
      "Data",
      "CompiledWasm",
      "CompiledWasm",
    ]);
    // Globs are read as wrangler's bundler reads them: the specifier must contain a "/".
    expect(type("chat.html")).toBeNull();
    expect(type("./styles.css")).toBeNull();
    expect(type("./worker.ts")).toBeNull();
  });

  it("the app's rules come first; a rule of a type without fallthrough shadows the later ones of that type", () => {
    // Cloudflare's chat demo: [[rules]] type = "Data", globs = ["**/*.html"], fallthrough = false.
    const demo = rulesOf(`{ "rules": [{ "type": "Data", "globs": ["**/*.html"], "fallthrough": false }] }`);
    expect(matchSpecifier(demo, "./chat.html")).toMatchObject({ kind: "module", type: "Data" });
    // The default Data rule is shadowed: a .bin import is refused rather than silently mistyped.
    expect(matchSpecifier(demo, "./blob.bin")).toMatchObject({ kind: "shadowed", rule: { type: "Data", globs: ["**/*.bin"] } });
    expect(matchSpecifier(demo, "./notes.txt")).toMatchObject({ kind: "module", type: "Text" });

    const through = rulesOf(`{ "rules": [{ "type": "Data", "globs": ["**/*.csv"], "fallthrough": true }, { "type": "Text", "globs": ["**/*.md"] }] }`);
    expect(matchSpecifier(through, "./table.csv")).toMatchObject({ type: "Data" });
    expect(matchSpecifier(through, "./blob.bin")).toMatchObject({ type: "Data" });
    expect(matchSpecifier(through, "./README.md")).toMatchObject({ type: "Text" });
    // The app's Text rule shadows the default one (no fallthrough): .html is no longer a module.
    expect(matchSpecifier(through, "./page.html")).toMatchObject({ kind: "shadowed" });
  });

  it("refuses rules dorm cannot apply, with the config file", () => {
    const fails = (text: string) => {
      try {
        rulesOf(text);
      } catch (error) {
        return error as BuildError;
      }
      throw new Error("expected an error");
    };
    expect(fails(`{ "rules": [{ "type": "PythonModule", "globs": ["**/*.py"] }] }`)).toMatchObject({ code: "DORM_BAD_CONFIG", location: { file: "wrangler.jsonc" } });
    expect(fails(`{ "rules": [{ "type": "Text" }] }`).message).toContain("globs");
    expect(fails(`{ "rules": { "type": "Text" } }`).message).toContain("list");
  });

  it("globs: only * is special, and the whole specifier must match", () => {
    expect(globToRegExp("**/*.html").test("./a/b.html")).toBe(true);
    expect(globToRegExp("**/*.html").test("./a/b.html.bak")).toBe(false);
    expect(globToRegExp("**/*.wasm?module").test("./x.wasm?module")).toBe(true);
    expect(globToRegExp("**/*.wasm?module").test("./x.wasmXmodule")).toBe(false);
    expect(globToRegExp("./data/[a].bin").test("./data/[a].bin")).toBe(true);
  });

  it("output names carry an extension wrangler's defaults type the same way", () => {
    expect(outputName("ab12", "chat.html", "Text")).toBe("ab12-chat.html");
    expect(outputName("ab12", "chat.html", "Data")).toBe("ab12-chat.html.bin");
    expect(outputName("ab12", "README.md", "Text")).toBe("ab12-README.md.txt");
    expect(outputName("ab12", "add.wasm", "CompiledWasm")).toBe("ab12-add.wasm");
  });
});

describe("RULE_CANDIDATE: the specifiers the plugin sees", () => {
  it.each(["./chat.html", "./notes.txt", "./schema.sql", "./add.wasm", "./add.wasm?module", "./blob.bin", "./README.md", "./a.j", "./a.jso", "./a.jsonx", "./a.tsxx", "../x/y.mjsx", "pkg/file.css"])("%s: yes", (specifier) => {
    expect(RULE_CANDIDATE.test(specifier)).toBe(true);
  });
  it.each(["./a.js", "./a.jsx", "./a.mjs", "./a.cjs", "./a.ts", "./a.tsx", "./a.mts", "./a.cts", "./data.json", "../errors.js", "dorm", "./dir/noext", "dorm/internal/state"])("%s: no (code, or no extension)", (specifier) => {
    expect(RULE_CANDIDATE.test(specifier)).toBe(false);
  });
  it("a rule that would make code a module of its own is refused, with the fix", () => {
    expect(() => rulesOf(`{ "rules": [{ "type": "Text", "globs": ["**/*.js"] }] }`)).toThrow(/rules\[0\] makes "\*\*\/\*\.js" a Text module, but dorm bundles \.js/);
  });

  it("is a Go regexp (no lookaround), as esbuild filters must be", () => {
    expect(RULE_CANDIDATE.source).not.toMatch(/\(\?[=!<]/);
  });
});
