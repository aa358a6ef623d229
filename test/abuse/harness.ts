// What the abuse suite's files share: build an app with dorm and run it in local workerd, with
// its storage persisted to a fresh folder (so a test can see whether an object was ever created),
// and the secrets a test passes in place of .dev.vars.
import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { buildApp } from "../../packages/build/src/build.js";
import { miniflareOptions } from "../../packages/build/src/local.js";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const ABUSE_APP = join(REPO, "test/abuse/app");
export const fixture = (name: string) => join(REPO, "app-fixtures", name);

export interface RunningApp {
  readonly mf: Miniflare;
  /** http://127.0.0.1:<port>/ */
  readonly url: string;
  readonly persistTo: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Storage files of one class's objects: an object that ran `init` left one. */
  storedObjects(className: string): string[];
  dispose(): Promise<void>;
}

/** Build `root` and serve it on a free port; `bindings` stand for the app's secrets. */
export async function runApp(root: string, bindings: Record<string, string> = {}): Promise<RunningApp> {
  const { project } = await buildApp(root);
  const persistTo = join(REPO, ".tmp/abuse", randomUUID());
  const local = await miniflareOptions(root, { persistTo, port: 0 });
  const mf = new Miniflare({ ...local, bindings: { ...(local as { bindings?: Record<string, unknown> }).bindings, ...bindings } } as never);
  const url = (await mf.ready).href;
  const worker = (project.user.config.name as string | undefined) ?? project.defaultName;
  return {
    mf,
    url,
    persistTo,
    fetch: (path, init) => fetch(new URL(path, url), init),
    storedObjects(className) {
      try {
        return readdirSync(join(persistTo, "do", `${worker}-${className}`)).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite");
      } catch {
        return [];
      }
    },
    async dispose() {
      await mf.dispose();
      await rm(persistTo, { recursive: true, force: true });
    },
  };
}
