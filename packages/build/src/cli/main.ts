import { parseArgs } from "node:util";
import { MIGRATIONS_FORMATS, type MigrationsFormat } from "../dorm-config.js";
import { buildCommand } from "./build.js";
import { migrationsCommand } from "./migrations.js";
import { reportError } from "./output.js";

const USAGE = `dorm — convention-based Durable Objects

usage:
  dorm build [--root DIR] [--migrations FORMAT]   generate .dorm/, dist/worker.js, dist/wrangler.json
  dorm dev   [--root DIR] [--port N] [--host H]   build, serve on local workerd, rebuild on change
  dorm new <template> <name> [--root DIR]         an object from a template, and its test
                                                  (counter, chat, ratelimit, game, collab, lock)
  dorm status [--root DIR] [--json]               the status board of the running dorm dev
  dorm migrations status [--root DIR]             history, live classes, and the pending step
  dorm migrations check  [--root DIR]             exit 1 if a build would change the history (CI)
  dorm migrations delete <Class> --yes            append a step that deletes a class and its data

options:
  --root DIR            the app's folder (where app/objects/ is); default: the current folder
  --migrations FORMAT   "migrations" (default) or "exports" (wrangler >= 4.107); overrides dorm.config.ts
  --port N              dev server port (default 8787; 0 picks a free one)
  --host H              dev server address (default 127.0.0.1)
  --json                status: print the board as JSON
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(USAGE);
    return command ? 0 : 1;
  }
  let values: { root?: string; port?: string; host?: string; migrations?: string; yes?: boolean; json?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: {
        root: { type: "string" },
        port: { type: "string" },
        host: { type: "string" },
        migrations: { type: "string" },
        yes: { type: "boolean" },
        json: { type: "boolean" },
      },
      allowPositionals: command === "migrations" || command === "new",
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`dorm ${command}: ${(error as Error).message}\n\n${USAGE}`);
    return 1;
  }
  const root = values.root ?? ".";
  if (values.migrations !== undefined && !MIGRATIONS_FORMATS.includes(values.migrations as MigrationsFormat)) {
    process.stderr.write(`dorm ${command}: --migrations must be "migrations" or "exports", got "${values.migrations}"\n`);
    return 1;
  }
  const overrides = values.migrations ? { migrations: values.migrations as MigrationsFormat } : {};
  try {
    switch (command) {
      case "build":
        return await buildCommand(root, overrides);
      case "dev": {
        const port = Number(values.port ?? 8787);
        if (!Number.isInteger(port) || port < 0 || port > 65535) {
          process.stderr.write(`dorm dev: --port must be a port number, got "${values.port}"\n`);
          return 1;
        }
        // Loaded on demand: miniflare is heavy, and `dorm build` should start fast.
        const { devCommand } = await import("./dev.js");
        return await devCommand({ root, port, host: values.host ?? "127.0.0.1", overrides });
      }
      case "new": {
        const { newCommand } = await import("./new.js");
        return await newCommand(positionals, root);
      }
      case "status": {
        const { statusCommand } = await import("./status.js");
        return await statusCommand(root, values.json === true);
      }
      case "migrations":
        return await migrationsCommand(positionals[0], root, positionals.slice(1), values.yes === true);
      default:
        process.stderr.write(`dorm: unknown command "${command}"\n\n${USAGE}`);
        return 1;
    }
  } catch (error) {
    return reportError(error);
  }
}
