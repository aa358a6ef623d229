import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cp, rm } from "node:fs/promises";
import { join } from "node:path";
import { lineReader } from "./line-reader.js";
import { REPO } from "./temp-app.js";

/** What a copy of an app fixture leaves out: outputs, state, and its own tests. */
const LEFT_OUT = /\/(node_modules|\.dorm|dist|\.wrangler|test)$/;

/**
 * A copy of `app-fixtures/<name>` under the repository's .tmp/ (so that `dorm` and its
 * dependencies resolve), with fresh storage: a test counts what it made, and nothing else.
 */
export async function fixtureCopy(name: string): Promise<{ root: string; cleanup(): Promise<void> }> {
  const root = join(REPO, ".tmp/apps", `${name}-${randomUUID().slice(0, 8)}`);
  await cp(join(REPO, "app-fixtures", name), root, { recursive: true, filter: (source) => !LEFT_OUT.test(source) });
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export interface DevServer {
  readonly child: ChildProcess;
  /** The app's URL, with a trailing slash. */
  readonly url: string;
  /** The inspector URL `dorm dev` printed (it carries the token). */
  readonly inspector: string;
  readonly token: string;
  next: ReturnType<typeof lineReader>["next"];
  stop(): Promise<void>;
}

/** `dorm dev --port 0` on an app, once it serves. */
export async function startDev(root: string): Promise<DevServer> {
  const child = spawn(process.execPath, [join(REPO, "packages/build/bin/dorm.js"), "dev", "--root", root, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const lines = lineReader(child);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  };
  try {
    const [, url] = await lines.next(/^dorm dev: serving .* at (http:\/\/\S+)/, 60_000);
    const [, inspector] = await lines.next(/^dorm dev: inspector at (http:\/\/\S+)/);
    return { child, url: url!, inspector: inspector!, token: new URL(inspector!).searchParams.get("token")!, next: lines.next, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
