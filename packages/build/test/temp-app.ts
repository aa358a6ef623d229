import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. Temporary apps live under it so that `dorm` resolves via node_modules. */
export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const CLI = join(REPO, "packages/build/bin/dorm.js");

export interface TempApp {
  readonly root: string;
  write(files: Record<string, string>): Promise<void>;
  remove(file: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** A fresh app folder with these files (paths relative to it). */
export async function tempApp(files: Record<string, string>): Promise<TempApp> {
  const root = join(REPO, ".tmp/apps", randomUUID());
  const app: TempApp = {
    root,
    async write(more) {
      for (const [path, content] of Object.entries(more)) {
        await mkdir(dirname(join(root, path)), { recursive: true });
        await writeFile(join(root, path), content);
      }
    },
    remove: (file) => rm(join(root, file)),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
  await mkdir(root, { recursive: true });
  await app.write(files);
  return app;
}

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built `dorm` CLI (npm run build:tools first). */
export function runCli(args: string[]): CliRun {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", cwd: REPO });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A minimal valid object module. */
export const objectSource = (methods = "get(ctx) { return ctx.state.n; }") =>
  `import { defineDurableObject } from "dorm";\n\nexport default defineDurableObject({\n  init: () => ({ n: 0 }),\n  methods: {\n    ${methods}\n  },\n});\n`;

/** The folders a build writes to, from the app root. */
export const OUTPUT_DIRS = [".dorm", "dist", ".wrangler"] as const;

/**
 * Every file under `dirs` of the app, keyed by path from the root, with what `read` says of it
 * (its bytes by default): compare two snapshots to prove a command changed nothing.
 */
export function outputFiles<T = string>(
  root: string,
  dirs: readonly string[] = OUTPUT_DIRS,
  read: (path: string) => T = (path) => readFileSync(path, "latin1") as T,
): Map<string, T> {
  const found = new Map<string, T>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.set(relative(root, path), read(path));
    }
  };
  for (const dir of dirs) walk(join(root, dir));
  return found;
}
