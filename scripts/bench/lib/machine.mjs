// What the numbers were measured on.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";

const require = createRequire(new URL("../../../package.json", import.meta.url));
const version = (pkg) => {
  try {
    return require(`${pkg}/package.json`).version;
  } catch {
    return "?";
  }
};

function cpuModel() {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
    if (line) return line.split(":")[1].trim();
  } catch {}
  return os.cpus()[0]?.model ?? "unknown";
}

export function machine() {
  const miniflare = createRequire(require.resolve("miniflare"));
  let workerd = "?";
  try {
    workerd = miniflare("workerd/package.json").version;
  } catch {}
  return {
    cpu: cpuModel(),
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    wrangler: version("wrangler"),
    miniflare: version("miniflare"),
    workerd,
    esbuild: version("esbuild"),
  };
}

export const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
