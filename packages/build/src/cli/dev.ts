import { randomBytes } from "node:crypto";
import { join, relative, resolve } from "node:path";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { appBuildOptions, fromEsbuild, writeBuild } from "../build.js";
import { miniflareOptions } from "../local.js";
import { BUNDLE_FILE, CONFIG_OUT_FILE } from "../outputs.js";
import type { Project, ProjectOverrides } from "../project.js";
import { TOKEN_BINDING } from "../../../dorm/src/dev/constants.js";
import { removeDevState, writeDevState } from "./dev-state.js";
import { reportError } from "./output.js";

export interface DevOptions {
  root: string;
  port: number;
  host: string;
  overrides?: ProjectOverrides;
}

/**
 * Build, serve on local workerd, rebuild and reload on every change. Storage persists in
 * `.wrangler/state/v3`, where `wrangler dev` keeps it too.
 */
export async function devCommand(options: DevOptions): Promise<number> {
  const root = resolve(options.root);
  const persistTo = join(root, ".wrangler/state/v3");
  let mf: Miniflare | null = null;
  let project: Project | null = null;
  let outputs: ReadonlyMap<string, string> | null = null;
  let announced = false;
  // This run's key to the status endpoint (`dorm status` reads it from the dev state file).
  const token = randomBytes(24).toString("base64url");

  const reload = {
    name: "dorm-dev",
    setup(build: esbuild.PluginBuild) {
      build.onEnd(async (result) => {
        if (result.errors.length > 0) {
          reportError(fromEsbuild({ errors: result.errors }, root));
          process.stderr.write("dorm dev: waiting for a fix…\n");
          return;
        }
        if (!project || !outputs || !result.outputFiles) return;
        const report = await writeBuild(root, outputs, result.outputFiles);
        // A save that changes neither the bundle nor the config (a comment, say) needs no reload.
        if (mf && !report.written.some((file) => file === BUNDLE_FILE || file === CONFIG_OUT_FILE)) return;
        const local = await miniflareOptions(root, { persistTo, port: options.port, host: options.host });
        const mfOptions = { ...local, bindings: { ...(local as { bindings?: Record<string, unknown> }).bindings, [TOKEN_BINDING]: token } };
        if (mf) await mf.setOptions(mfOptions);
        else mf = new Miniflare(mfOptions);
        const url = await mf.ready;
        const objects = project.manifest.objects.map((o) => o.className).join(", ") || "none";
        if (!announced) {
          await writeDevState(root, { url: url.href, token, pid: process.pid });
          process.stdout.write(`dorm dev: serving ${relative(process.cwd(), root) || "."} (objects: ${objects}) at ${url.href}\n`);
          announced = true;
        } else {
          process.stdout.write(`dorm dev: rebuilt and reloaded (objects: ${objects})\n`);
        }
      });
    },
  };

  const buildOptions = appBuildOptions(
    root,
    (p, o) => {
      project = p;
      outputs = o;
    },
    options.overrides,
    { dev: true },
  );
  const context = await esbuild.context({ ...buildOptions, plugins: [...(buildOptions.plugins ?? []), reload] });
  // watch() builds once right away, then again on every change.
  await context.watch();

  await new Promise<void>((done) => {
    const stop = () => done();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await context.dispose();
  await removeDevState(root);
  // Assigned inside the onEnd callback; TypeScript cannot see that.
  await (mf as Miniflare | null)?.dispose();
  return 0;
}
