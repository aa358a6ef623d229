// Item 3: a journal that deletes a live class built cleanly. After a hand edit or a merge (another
// branch ran `dorm migrations delete Counter`) left {"tag":"v2","deleted_classes":["Counter"]}
// while app/objects/counter.ts still existed, `dorm build` exited 0 and added Counter again as
// v3, and the deploy would have destroyed every Counter's data; `dorm migrations check` passed
// after one build. Reordering steps, changing a tag or removing a step went through silently.
// Now the journal is sealed (a chained digest per step) and a history that deletes or renames
// away a class whose file still exists is refused, by both commands, with the way out.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { objectSource, outputFiles, runCli, tempApp, type TempApp } from "../../packages/build/test/temp-app.js";

let app: TempApp | undefined;
afterEach(async () => {
  await app?.cleanup();
  app = undefined;
});

const build = (root: string) => runCli(["build", "--root", root]);
const check = (root: string) => runCli(["migrations", "check", "--root", root]);
const journal = (root: string) => JSON.parse(readFileSync(join(root, "dorm.migrations.json"), "utf8")) as { migrations: { tag: string }[]; digests?: string[] };

const outputs = (root: string) => outputFiles(root, ["dist"]);

/** Both commands refuse the journal with `code`, and nothing the build wrote changes. */
function expectRefused(root: string, code: string, says: RegExp): void {
  const before = outputs(root);
  const text = readFileSync(join(root, "dorm.migrations.json"), "utf8");
  const built = build(root);
  expect(built.status, built.stdout).toBe(1);
  expect(built.stderr).toContain(`error[${code}]`);
  expect(built.stderr).toMatch(says);
  const checked = check(root);
  expect(checked.status).toBe(1);
  expect(checked.stderr).toContain(`error[${code}]`);
  expect(outputs(root)).toEqual(before);
  expect(readFileSync(join(root, "dorm.migrations.json"), "utf8")).toBe(text);
}

describe("3. a history that edits written steps, or deletes a class whose file exists, is refused", () => {
  it("the review's case: a merged-in deleted_classes step for Counter while counter.ts exists", async () => {
    app = await tempApp({ "app/objects/counter.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    const sealed = journal(app.root);
    // As a hand edit or a merge leaves it: the step, without a digest dorm wrote.
    await app.write({ "dorm.migrations.json": JSON.stringify({ ...sealed, migrations: [...sealed.migrations, { tag: "v2", deleted_classes: ["Counter"] }] }, null, 2) });
    expectRefused(app.root, "DORM_JOURNAL_EDITED", /has 1 step\(s\) dorm did not write \(tags "v2"\)/);
  });

  it("the same step in a journal an older dorm wrote (no digests yet): refused for what it does, with the way out", async () => {
    app = await tempApp({ "app/objects/counter.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    await app.write({ "dorm.migrations.json": JSON.stringify({ migrations: [{ tag: "v1", new_sqlite_classes: ["Counter"] }, { tag: "v2", deleted_classes: ["Counter"] }] }, null, 2) });
    expectRefused(app.root, "DORM_CLASS_RETIRED", /app\/objects\/counter\.ts defines Counter, but step "v2" of dorm\.migrations\.json deletes Counter/);
    const { stderr } = build(app.root);
    expect(stderr).toContain("fix: if Counter is meant to be gone, remove app/objects/counter.ts");
    expect(stderr).toContain("restore dorm.migrations.json from the branch you deploy from");
  });

  it("reordered steps, a changed tag, a removed step: each refused", async () => {
    app = await tempApp({ "app/objects/counter.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    await app.write({ "app/objects/room.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    await app.write({ "app/objects/lobby.ts": objectSource() });
    expect(build(app.root).status).toBe(0);
    const sealed = readFileSync(join(app.root, "dorm.migrations.json"), "utf8");
    const { migrations, digests } = journal(app.root);
    expect(migrations.map((s) => s.tag)).toEqual(["v1", "v2", "v3"]);
    const edits: [string, unknown[], RegExp][] = [
      ["reordered", [migrations[0], migrations[2], migrations[1]], /step 2 \(tag "v3"\) no longer matches its digest/],
      ["retagged", [migrations[0], { ...migrations[1], tag: "v7" }, migrations[2]], /step 2 \(tag "v7"\) no longer matches its digest/],
      ["removed (middle)", [migrations[0], migrations[2]], /step 2 \(tag "v3"\) no longer matches its digest/],
      ["removed (last)", [migrations[0], migrations[1]], /lost its last 1 step\(s\)/],
    ];
    for (const [, steps, says] of edits) {
      await app.write({ "dorm.migrations.json": JSON.stringify({ migrations: steps, digests }, null, 2) });
      expectRefused(app.root, "DORM_JOURNAL_EDITED", says);
    }
    // Restored from version control, it builds again.
    await app.write({ "dorm.migrations.json": sealed });
    expect(build(app.root).status).toBe(0);
    expect(check(app.root).status).toBe(0);
  });
});
