// Running the commands of a lane: each one printed, timed, its output kept and shown only when it
// fails. Children run on the Node that runs the lane (its folder first on PATH, so npm, npx and
// every tool's `#!/usr/bin/env node` pick it), never in the repository's own environment.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { delimiter, dirname } from "node:path";

export const laneEnv = {
  ...process.env,
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}`,
  CI: "true",
  NO_COLOR: "1",
  WRANGLER_SEND_METRICS: "false",
  // npm's own prompts and update checks have no place in a test.
  npm_config_update_notifier: "false",
  npm_config_fund: "false",
  npm_config_audit: "false",
};

/** Whether a Node version belongs to the current lane (>= 22.12, what wrangler 4.164 needs; scaffold/toolchains.ts). */
export function isCurrentLaneNode(version = process.version) {
  const [major, minor] = version.replace(/^v/, "").split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Run a command to the end; throws with its output when it exits non-zero. Returns stdout, all
 * output and the time taken. `stream` shows the output as it comes (for a lane run inside a lane).
 */
export async function run(command, args, { cwd, env = laneEnv, quiet = false, stream = false } = {}) {
  const started = Date.now();
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => ((stdout += chunk), (output += chunk), stream && process.stdout.write(chunk)));
  child.stderr.setEncoding("utf8").on("data", (chunk) => ((output += chunk), stream && process.stderr.write(chunk)));
  const code = await new Promise((resolve, reject) => child.once("error", reject).once("close", resolve));
  const ms = Date.now() - started;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${code} after ${seconds(ms)}${stream ? "" : `:\n${output}`}`);
  if (!quiet) console.log(`  ok  ${seconds(ms).padStart(7)}  ${[command, ...args].join(" ")}`);
  return { stdout, output, ms };
}

/** A port nobody listens on right now (the system picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Start a long-running command, wait for a line matching `ready` (its first group is returned),
 * hand it to `use`, then stop the command's whole process group.
 */
export async function withServer(command, args, { cwd, ready, timeoutMs = 60_000 }, use) {
  const child = spawn(command, args, { cwd, env: laneEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    const match = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command} ${args.join(" ")} printed no ${ready} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const onData = (chunk) => {
        output += chunk;
        const found = ready.exec(output);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      };
      child.stdout.setEncoding("utf8").on("data", onData);
      child.stderr.setEncoding("utf8").on("data", onData);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${command} ${args.join(" ")} exited ${code} before it was ready:\n${output}`));
      });
    });
    return await use(match[1], () => output, child);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, "SIGINT");
      await exited;
    }
  }
}
