import { randomBytes } from "node:crypto";
import { join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { appBuildOptions, fromEsbuild, writeBuild } from "../build.js";
import { inputsDigest } from "../inputs.js";
import { miniflareOptions } from "../local.js";
import { BUNDLE_FILE, CONFIG_OUT_FILE } from "../outputs.js";
import type { Project, ProjectOverrides } from "../project.js";
import { HOST_BINDING, inspectorUrl, TOKEN_BINDING } from "../../../dorm/src/dev/board.js";
import { isLoopbackHost } from "../../../dorm/src/dev/auth.js";
import { inspectorHost } from "../inspector/host.js";
import { storedInstances } from "../inspector/known.js";
import { NameBook } from "../inspector/names.js";
import { INSTANCE_NAMES_FILE, removeDevState, writeDevState } from "./dev-state.js";
import { reportError } from "./output.js";
import { bundleStackMapper, type StackMapper } from "../stack-map.js";

/** Copies workerd's output line by line, with bundle positions turned into the app's file:line. */
function mappedLines(from: Readable, to: Writable, stacks: () => StackMapper): void {
  createInterface({ input: from, crlfDelay: Infinity }).on("line", (line) => to.write(`${stacks().map(line)}\n`));
}

export interface DevOptions {
  root: string;
  port: number;
  host: string;
  overrides?: ProjectOverrides;
}

/** Where `dorm dev` keeps storage: the folder `wrangler dev` uses too. */
export const DEV_STATE_DIR = ".wrangler/state/v3";

/**
 * Build, serve on local workerd, rebuild and reload on every change. Storage persists in
 * `.wrangler/state/v3`. A build that fails (a syntax error, a bad definition) is reported with
 * file and line, and the last good build keeps serving until the next one succeeds.
 */
export async function devCommand(options: DevOptions): Promise<number> {
  const root = resolve(options.root);
  const where = relative(process.cwd(), root) || ".";
  const persistTo = join(root, DEV_STATE_DIR);
  let mf: Miniflare | null = null;
  let built: { project: Project; outputs: ReadonlyMap<string, string> } | null = null;
  // The app's inputs as they were when the current build started reading them.
  let digestBefore = "";
  let context: esbuild.BuildContext | null = null;
  let stopping = false;
  // This run's key to the status endpoint (`dorm status` reads it from the dev state file).
  const token = randomBytes(24).toString("base64url");
  // Rebuilt with each reload: the source map changes with the bundle.
  let stacks = bundleStackMapper(join(root, BUNDLE_FILE), root);
  // Cloudflare's Local Explorer, on by default as in wrangler dev (X_LOCAL_EXPLORER=false turns it off).
  const explorer = process.env.X_LOCAL_EXPLORER !== "false";
  let workerName = "";
  // The inspector's Node side, reached by the dev build through a service binding.
  const names = new NameBook(join(root, INSTANCE_NAMES_FILE));
  const host = inspectorHost({
    info: () => ({ server: "dorm dev", app: workerName, explorer: explorer ? "/cdn-cgi/explorer/" : null }),
    known: () => storedInstances(persistTo, workerName, names),
    remember: (seen) => names.remember(seen),
    stacks: () => stacks,
  });

  async function serve(project: Project, outputs: ReadonlyMap<string, string>, bundle: readonly esbuild.OutputFile[]): Promise<void> {
    const report = await writeBuild(root, outputs, bundle);
    // A save that changes neither the bundle nor the config (a comment, say) needs no reload.
    if (mf && !report.written.some((file) => file === BUNDLE_FILE || file === CONFIG_OUT_FILE)) return;
    const objects = project.manifest.objects.map((o) => o.className).join(", ") || "none";
    const local = await miniflareOptions(root, { persistTo, port: options.port, host: options.host });
    stacks = bundleStackMapper(join(root, BUNDLE_FILE), root);
    workerName = (local as { name?: string }).name ?? "";
    const mfOptions = {
      ...local,
      bindings: { ...(local as { bindings?: Record<string, unknown> }).bindings, [TOKEN_BINDING]: token },
      serviceBindings: { ...(local as { serviceBindings?: Record<string, unknown> }).serviceBindings, [HOST_BINDING]: host },
      unsafeLocalExplorer: explorer,
      // Errors the dev build logs from objects name the app's files, not dist/worker.js.
      handleRuntimeStdio(stdout: Readable, stderr: Readable) {
        mappedLines(stdout, process.stdout, () => stacks);
        mappedLines(stderr, process.stderr, () => stacks);
      },
    };
    if (mf) {
      await mf.setOptions(mfOptions);
      await mf.ready;
      process.stdout.write(`dorm dev: rebuilt and reloaded (objects: ${objects})\n`);
    } else {
      mf = new Miniflare(mfOptions);
      const url = await mf.ready;
      await writeDevState(root, { url: url.href, token, pid: process.pid });
      process.stdout.write(`dorm dev: serving ${where} (objects: ${objects}) at ${url.href}\n`);
      // The inspector answers only on this machine, through a loopback address.
      const wildcard = options.host === "0.0.0.0" || options.host === "::";
      const local = isLoopbackHost(url.host) ? url.href : wildcard ? `http://127.0.0.1:${url.port}/` : null;
      process.stdout.write(
        local
          ? `dorm dev: inspector at ${inspectorUrl(local, token)}\n`
          : `dorm dev: the inspector answers only on loopback; serve on 127.0.0.1 (the default) or 0.0.0.0 to open it\n`,
      );
    }
  }

  const reload: esbuild.Plugin = {
    name: "dorm-dev",
    setup(build) {
      build.onEnd(async (result) => {
        if (stopping) return;
        // A file saved while this build was reading the app: the analysis and the bundle may have
        // seen different versions of it. Nothing of this build is used; the next one starts now.
        if ((await inputsDigest(root)) !== digestBefore) {
          setImmediate(() => void context?.rebuild().catch(() => undefined));
          return;
        }
        if (result.errors.length > 0) {
          reportError(fromEsbuild({ errors: result.errors }, root), mf ? "still serving the last good build; waiting for a fix…" : "waiting for a fix…");
          return;
        }
        if (!built || !result.outputFiles) return;
        try {
          await serve(built.project, built.outputs, result.outputFiles);
        } catch (error) {
          // workerd refused the new build (a config it cannot run): say so and keep running.
          process.stderr.write(`dorm dev: could not ${mf ? "reload" : "start"}: ${(error as Error).message}\n`);
        }
      });
    },
  };

  const buildOptions = appBuildOptions(root, {
    overrides: options.overrides,
    dev: true,
    beforeLoad: async () => {
      built = null;
      digestBefore = await inputsDigest(root);
    },
    onProject: (project, outputs) => (built = { project, outputs }),
  });
  context = await esbuild.context({ ...buildOptions, plugins: [...(buildOptions.plugins ?? []), reload] });
  // watch() builds once right away, then again on every change.
  await context.watch();

  await new Promise<void>((done) => {
    const stop = () => done();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  stopping = true;
  await context.dispose();
  await removeDevState(root);
  // Assigned inside the onEnd callback; TypeScript cannot see that.
  await (mf as Miniflare | null)?.dispose();
  return 0;
}
