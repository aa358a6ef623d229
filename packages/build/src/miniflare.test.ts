import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import type { MiniflareOptions } from "miniflare";
import { afterAll, describe, expect, it } from "vitest";
import { adaptOptions } from "./miniflare.js";

// miniflare 5's converter is stood in for by one that records what it was given: what matters
// here is what dorm hands it (the current lane runs the real one, scripts/lanes/current.mjs).
const given: Record<string, unknown>[] = [];
const v5 = { Miniflare: class {} as never, convertV4MiniflareOptions: (options: Record<string, unknown>) => (given.push(options), { workers: [] }) };
const v4 = { Miniflare: class {} as never };

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("adaptOptions", () => {
  it("miniflare 4: the options as they are", () => {
    const options = { scriptPath: "/app/dist/worker.js", modules: true, modulesRules: [] } as unknown as MiniflareOptions;
    expect(adaptOptions(v4, options)).toBe(options);
  });

  it("miniflare 5: the bundle and its modules listed with their types, storage under one root, workerd's logs as lines", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dorm-mf5-"));
    dirs.push(dir);
    await mkdir(join(dir, "modules"));
    for (const name of ["ab12-page.html", "cd34-add.wasm", "ef56-blob.bin"]) await writeFile(join(dir, "modules", name), "x");
    const lines: string[] = [];
    const options = {
      scriptPath: join(dir, "worker.js"),
      modules: true,
      modulesRoot: dir,
      modulesRules: [{ type: "Text", include: ["**/*.html"] }],
      durableObjectsPersist: "/state/v3/do",
      kvPersist: "/state/v3/kv",
      handleRuntimeStdio(stdout: Readable, stderr: Readable) {
        stdout.on("data", (chunk) => lines.push(`out ${chunk}`));
        stderr.on("data", (chunk) => lines.push(`err ${chunk}`));
      },
      compatibilityDate: "2026-04-26",
    } as unknown as MiniflareOptions;
    const adapted = adaptOptions(v5, options) as { resourcePersistencePath: string; handleStructuredLogs(log: { level: string; message: string }): void };
    expect(given.at(-1)).toEqual({
      compatibilityDate: "2026-04-26",
      modulesRoot: dir,
      modules: [
        { type: "ESModule", path: join(dir, "worker.js") },
        { type: "Text", path: join(dir, "modules/ab12-page.html") },
        { type: "CompiledWasm", path: join(dir, "modules/cd34-add.wasm") },
        { type: "Data", path: join(dir, "modules/ef56-blob.bin") },
      ],
    });
    expect(adapted.resourcePersistencePath).toBe("/state/v3");
    adapted.handleStructuredLogs({ level: "log", message: "hello" });
    adapted.handleStructuredLogs({ level: "error", message: "Error: boom\n    at worker.js:3:9" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual(["out hello\n", "err Error: boom\n    at worker.js:3:9\n"]);
  });
});
