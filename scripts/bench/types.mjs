// Type-check time: what dorm's inferred types cost an editor and `tsc`. Three projects, each
// checked `rounds` times with tsc --noEmit --extendedDiagnostics (TypeScript 7):
//   - the largest fixture (app-fixtures/chat: realtime, valibot schemas, events, the client),
//   - a generated app of N dorm objects (inferred state, methods, messages, events, schedules;
//     a worker calling each through durableObjects and env; a typed client per object),
//   - the same N objects hand-written as Durable Object classes (the Workers baseline).
// Prints medians; never asserts on time (see docs/benchmarks.md, "Type-check time").
//   node scripts/bench/types.mjs [--objects 100] [--rounds 5]
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { loadAverage, machine } from "./lib/machine.mjs";
import { writeTypedApps } from "./lib/typed-apps.mjs";

const root = new URL("../../", import.meta.url).pathname;
const arg = (flag, fallback) => {
  const at = process.argv.indexOf(flag);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const objects = arg("--objects", 100);
const rounds = arg("--rounds", 5);
const tsc = join(root, "node_modules/typescript/bin/tsc");
const log = (line) => process.stderr.write(`${line}\n`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One `tsc --noEmit --extendedDiagnostics` run: wall time and what TypeScript reports. */
function check(project) {
  const started = performance.now();
  const output = execFileSync(process.execPath, [tsc, "--noEmit", "--extendedDiagnostics", "-p", project], { cwd: root, encoding: "utf8" });
  const wall = performance.now() - started;
  const field = (label) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, "m").exec(output)?.[1]);
  return { wall, check: field("Check time") * 1000, total: field("Total time") * 1000, files: field("Files"), types: field("Types"), instantiations: field("Instantiations"), memoryKiB: field("Memory used") };
}

function measure(label, project) {
  log(`bench: type-check ${label}, ${rounds} rounds…`);
  check(project); // warm the file cache
  const runs = Array.from({ length: rounds }, () => check(project));
  return { label, ...Object.fromEntries(["wall", "check", "total", "files", "types", "instantiations", "memoryKiB"].map((k) => [k, median(runs.map((r) => r[k]))])) };
}

const info = { ...machine(), loadBefore: loadAverage() };
const apps = writeTypedApps(join(root, "scripts/bench/.tmp/types"), objects);
execFileSync(process.execPath, [join(root, "packages/build/bin/dorm.js"), "build", "--root", apps.dorm], { stdio: "ignore" });
const results = [
  measure("largest fixture (app-fixtures/chat)", "app-fixtures/chat/tsconfig.json"),
  measure(`${objects} dorm objects`, join(apps.dorm, "tsconfig.json")),
  measure(`${objects} hand-written classes`, join(apps.hand, "tsconfig.json")),
];
info.loadAfter = loadAverage();

const pad = (value, width) => String(value).padStart(width);
const version = /Version ([\d.]+)/.exec(execFileSync(process.execPath, [tsc, "--version"], { encoding: "utf8" }))?.[1] ?? "?";
const out = [
  "",
  `type-check time (TypeScript ${version}; medians of ${rounds} runs)`,
  `  machine: ${info.cpu}, ${info.cores} cores; Node ${info.node}; load ${info.loadBefore} → ${info.loadAfter}`,
  "",
  "  project                                   files     types  instantiations  memory MiB  check ms  total ms   wall ms",
  ...results.map(
    (r) =>
      `  ${r.label.padEnd(40)}${pad(r.files, 6)}${pad(r.types, 10)}${pad(r.instantiations, 16)}${pad((r.memoryKiB / 1024).toFixed(0), 12)}${pad(r.check.toFixed(0), 10)}${pad(r.total.toFixed(0), 10)}${pad(r.wall.toFixed(0), 10)}`,
  ),
  "",
];
process.stdout.write(out.join("\n"));
