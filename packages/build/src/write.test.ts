import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BuildError } from "./errors.js";

// A rename into one target that fails once, to see a failure halfway through putting files in place.
const failRenameTo = vi.hoisted(() => ({ path: null as string | null }));
vi.mock("node:fs/promises", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...fs,
    rename(from: string, to: string) {
      if (failRenameTo.path === null || to !== failRenameTo.path) return fs.rename(from, to);
      failRenameTo.path = null;
      return Promise.reject(Object.assign(new Error("EIO: simulated"), { code: "EIO" }));
    },
  };
});
const { writeIfChanged } = await import("./write.js");

let root: string;
beforeEach(() => {
  root = join(tmpdir(), `dorm-write-${randomUUID()}`);
  mkdirSync(root, { recursive: true });
  failRenameTo.path = null;
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Every file under the root with its bytes. */
function tree(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.set(relative(root, path), readFileSync(path, "latin1"));
    }
  };
  walk(root);
  return found;
}

const outputs = (version: string) =>
  new Map<string, string | Uint8Array>([
    [".dorm/entry.js", `entry ${version}`],
    [".dorm/env.d.ts", `types ${version}`],
    ["dist/worker.js", new TextEncoder().encode(`bundle ${version}`)],
    ["dist/wrangler.json", `config ${version}`],
  ]);

async function failure(run: () => Promise<unknown>): Promise<BuildError> {
  const error = await run().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BuildError);
  return error as BuildError;
}

describe("writeIfChanged", () => {
  it("writes what changed, leaves the rest untouched, removes what an owned folder no longer holds", async () => {
    expect(await writeIfChanged(root, outputs("1"), [".dorm"])).toMatchObject({ written: [".dorm/entry.js", ".dorm/env.d.ts", "dist/worker.js", "dist/wrangler.json"], unchanged: [] });
    const mtime = statSync(join(root, "dist/worker.js")).mtimeMs;
    // A stale file in .dorm/ (a generator that no longer exists), and another build's write in flight.
    writeFileSync(join(root, ".dorm/old.js"), "stale");
    writeFileSync(join(root, ".dorm/entry.js.1234.tmp"), "in flight");
    const next = new Map(outputs("1")).set(".dorm/entry.js", "entry 2");
    expect(await writeIfChanged(root, next, [".dorm"])).toEqual({
      written: [".dorm/entry.js"],
      unchanged: [".dorm/env.d.ts", "dist/worker.js", "dist/wrangler.json"],
      removed: [".dorm/old.js"],
    });
    expect(existsSync(join(root, ".dorm/old.js"))).toBe(false);
    expect(existsSync(join(root, ".dorm/entry.js.1234.tmp"))).toBe(true);
    expect(statSync(join(root, "dist/worker.js")).mtimeMs).toBe(mtime);
    expect(readFileSync(join(root, ".dorm/entry.js"), "utf8")).toBe("entry 2");
  });

  it("a folder where a file goes: a BuildError naming it, and nothing changed", async () => {
    await writeIfChanged(root, outputs("1"), [".dorm"]);
    writeFileSync(join(root, ".dorm/old.js"), "stale");
    const rm_ = join(root, "dist/wrangler.json");
    await rm(rm_);
    mkdirSync(join(rm_, "inside"), { recursive: true });
    writeFileSync(join(rm_, "inside/keep.txt"), "mine");
    const before = tree();
    const error = await failure(() => writeIfChanged(root, outputs("2"), [".dorm"]));
    expect(error.code).toBe("DORM_WRITE_FAILED");
    expect(error.location?.file).toBe("dist/wrangler.json");
    expect(error.message).toMatch(/^dist\/wrangler\.json is a folder/);
    expect(tree()).toEqual(before);
  });

  it("a failure halfway through putting files in place puts every previous file back, byte for byte", async () => {
    await writeIfChanged(root, outputs("1"), [".dorm"]);
    writeFileSync(join(root, ".dorm/old.js"), "stale");
    const before = tree();
    // dist/worker.js is the third file to go in place: the first two are put back, the stale file stays.
    failRenameTo.path = join(root, "dist/worker.js");
    const error = await failure(() => writeIfChanged(root, outputs("2"), [".dorm"]));
    expect(error.code).toBe("DORM_WRITE_FAILED");
    expect(error.location?.file).toBe("dist/worker.js");
    expect(error.message).toContain("EIO");
    expect(tree()).toEqual(before);
    // The next build goes through.
    expect((await writeIfChanged(root, outputs("2"), [".dorm"])).removed).toEqual([".dorm/old.js"]);
    expect(readFileSync(join(root, "dist/worker.js"), "utf8")).toBe("bundle 2");
  });

  it("a folder that cannot be made (a file in its place): nothing changed, no temporary file left", async () => {
    await writeIfChanged(root, outputs("1"));
    writeFileSync(join(root, "blocked"), "a file, not a folder");
    const before = tree();
    const error = await failure(() => writeIfChanged(root, new Map([...outputs("2"), ["blocked/out.js", "x"]])));
    expect(error.location?.file).toBe("blocked/out.js");
    expect(tree()).toEqual(before);
  });
});
