import { spawnSync } from "node:child_process";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TEMPLATES } from "../src/scaffold/templates.js";
import { REPO, runCli, tempApp, type TempApp } from "./temp-app.js";

// `dorm new <template> x` in a fresh folder, then `dorm build`, then the generated test, as a
// user would run them. The folders live under the repository, so `dorm`, `@dorm/testing` and
// vitest resolve from its node_modules as they would from the app's own after `npm install`.
const apps: TempApp[] = [];
afterAll(() => Promise.all(apps.map((app) => app.cleanup())));

async function freshApp(): Promise<TempApp> {
  const app = await tempApp({});
  apps.push(app);
  return app;
}

function vitest(root: string) {
  return spawnSync(process.execPath, [join(REPO, "node_modules/vitest/vitest.mjs"), "run", "--root", root], {
    encoding: "utf8",
    env: { ...process.env, CI: "true", NO_COLOR: "1" },
  });
}

describe("dorm new", () => {
  for (const template of Object.keys(TEMPLATES)) {
    it(`${template}: scaffolds a new app whose build and generated test pass`, async () => {
      const app = await freshApp();
      const made = runCli(["new", template, "x", "--root", app.root]);
      expect(made.stderr).toBe("");
      expect(made.status).toBe(0);
      expect((await readdir(app.root)).sort()).toEqual([".gitignore", "README.md", "app", "package.json", "test", "tsconfig.json", "vitest.config.ts", "wrangler.jsonc"]);
      expect(made.stdout).toContain("durableObjects.x (class X)");

      const built = runCli(["build", "--root", app.root]);
      expect(built.stderr).toBe("");
      expect(built.status).toBe(0);

      // The app's own type-checks, as its tsconfigs set them up: the app (strict flags, the
      // libraries' .d.ts included), then its tests.
      for (const project of ["tsconfig.json", "test/tsconfig.json"]) {
        const typed = spawnSync(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", join(app.root, project)], { encoding: "utf8" });
        expect(typed.stdout + typed.stderr).toBe("");
        expect(typed.status).toBe(0);
      }

      const tested = vitest(app.root);
      expect(tested.stdout + tested.stderr).toMatch(/Tests\s+\d+ passed/);
      expect(tested.status).toBe(0);
    });
  }

  it("adds to an existing app without its app files; refuses to overwrite; explains bad input", async () => {
    const app = await freshApp();
    expect(runCli(["new", "counter", "page-views", "--root", app.root]).status).toBe(0);
    const before = await readFile(join(app.root, "app/objects/page-views.ts"), "utf8");
    expect(before).toContain("durableObjects.pageViews.get");

    const second = runCli(["new", "lock", "jobs", "--root", app.root]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain("+ app/objects/jobs.ts");
    expect(second.stdout).not.toContain("package.json");

    const again = runCli(["new", "chat", "page-views", "--root", app.root]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("app/objects/page-views.ts, test/page-views.test.ts already exist");
    expect(await readFile(join(app.root, "app/objects/page-views.ts"), "utf8")).toBe(before);

    // A template that imports a package the app does not list says what to install.
    const pkg = JSON.parse(await readFile(join(app.root, "package.json"), "utf8"));
    delete pkg.dependencies.valibot;
    await app.write({ "package.json": JSON.stringify(pkg) });
    expect(runCli(["new", "game", "table", "--root", app.root]).stdout).toContain("npm install valibot");
    expect(runCli(["new", "lock", "leases", "--root", app.root]).stdout).not.toContain("npm install");

    const unknown = runCli(["new", "kanban", "board", "--root", app.root]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no template "kanban"[\s\S]*counter[\s\S]*collab/);

    const badName = runCli(["new", "counter", "9lives", "--root", app.root]);
    expect(badName.status).toBe(1);
    expect(badName.stderr).toMatch(/DORM_BAD_FILE_NAME/);
    expect(runCli(["new", "counter", "--root", app.root]).stderr).toContain("usage: dorm new <template> <name>");
  });
});
