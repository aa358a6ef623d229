import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bundleHint, installCommand, packageOf } from "./bundle-hints.js";

const jsonc = { configFile: "wrangler.jsonc", install: "pnpm add" };

describe("bundleHint", () => {
  it("a missing package: the install line with the package's name (scoped, or with a subpath)", () => {
    expect(bundleHint(`Could not resolve "partysocket/react"`, [], jsonc)).toEqual({ code: "DORM_MISSING_PACKAGE", fix: "install it: pnpm add partysocket" });
    expect(packageOf("@cloudflare/vite-plugin/dist/x")).toBe("@cloudflare/vite-plugin");
  });

  it("a Node built-in: the node: import and the compatibility flag", () => {
    const hint = bundleHint(`Could not resolve "crypto"`, [`The package "crypto" wasn't found on the file system but is built into node.`], jsonc);
    expect(hint?.code).toBe("DORM_NODE_BUILTIN");
    expect(hint?.fix).toContain(`"node:crypto"`);
    expect(hint?.fix).toContain("nodejs_compat");
  });

  it("an unknown extension: the module rule to add, in the config's own syntax; in a browser bundle, what browsers load", () => {
    expect(bundleHint(`No loader is configured for ".md" files: app/notes.md`, [], jsonc)?.fix).toContain(`"rules": [{ "type": "Text", "globs": ["**/*.md"] }]`);
    expect(bundleHint(`No loader is configured for ".md" files: app/notes.md`, [], { configFile: null, install: "npm install" })?.fix).toContain("wrangler.jsonc");
    const browser = bundleHint(`No loader is configured for ".md" files: notes.md (in the browser bundle of /app/page/main.ts)`, [], jsonc);
    expect(browser?.code).toBe("DORM_NO_LOADER");
    expect(browser?.fix).toContain("browser bundles load");
  });

  it("nothing specific for other errors", () => {
    expect(bundleHint(`Expected ";" but found "}"`, [], jsonc)).toBeNull();
  });
});

describe("installCommand", () => {
  it("follows the nearest lockfile up the tree, npm by default", () => {
    const dir = mkdtempSync(join(tmpdir(), "dorm-hints-"));
    try {
      mkdirSync(join(dir, "apps/web"), { recursive: true });
      writeFileSync(join(dir, "pnpm-lock.yaml"), "");
      expect(installCommand(join(dir, "apps/web"))).toBe("pnpm add");
      writeFileSync(join(dir, "apps/web/yarn.lock"), "");
      expect(installCommand(join(dir, "apps/web"))).toBe("yarn add");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
