// Type-check time: what dorm's inferred types cost an editor and `tsc`. Three projects, each
// checked `rounds` times with tsc --noEmit --extendedDiagnostics (TypeScript 7):
//   - the largest fixture (app-fixtures/chat: realtime, valibot schemas, events, the client),
//   - a generated app of N dorm objects (inferred state, methods, messages, events, schedules;
//     a worker calling each through durableObjects and env; a typed client per object),
//   - the same N objects hand-written as Durable Object classes (the Workers baseline).
// Then what an editor waits for, through TypeScript's language server (tsc --lsp, as editors run
// it) on each generated app: the first hover after opening the worker (the project loads and the
// call is checked), a hover on another object's call, and a hover after an object's file changed.
// Prints medians; never asserts on time (see docs/benchmarks.md, "Type-check time").
//   node scripts/bench/types.mjs [--objects 100] [--rounds 5]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { LanguageServer } from "../lib/lsp.mjs";
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

/** Milliseconds `fn` takes. */
async function timed(fn) {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Hover latencies in the worker of an app whose objects are named object000…: cold, warm, after an edit. */
async function editor(appRoot, objectFile, edit) {
  const server = await LanguageServer.start(appRoot);
  try {
    const worker = join(appRoot, "app/worker.ts");
    const text = readFileSync(worker, "utf8");
    const last = `object${String(objects - 1).padStart(3, "0")}`;
    const call = text.includes(`durableObjects.${last}`) ? `durableObjects.${last}` : `env.OBJECT${String(objects - 1).padStart(3, "0")}`;
    server.open(worker, text);
    const cold = await timed(() => server.hoverOn(worker, text, call, "increment"));
    const warm = await timed(() => server.hoverOn(worker, text, text.includes("durableObjects.object000") ? "durableObjects.object000" : "env.OBJECT000", "increment"));
    const object = join(appRoot, objectFile);
    const source = readFileSync(object, "utf8");
    server.open(object, source);
    server.change(object, edit(source), 2);
    let after = "";
    const edited = await timed(async () => {
      after = await server.hoverOn(worker, text, call, "increment");
    });
    // Timing a stale answer would measure nothing: the hover must show the edited signature.
    if (!after.includes("note?: string")) throw new Error(`the hover after the edit does not show it: ${after}`);
    return { cold, warm, edited };
  } finally {
    await server.stop();
  }
}

async function measureEditor(label, appRoot, objectFile, edit) {
  log(`bench: editor ${label}, ${rounds} rounds…`);
  const runs = [];
  for (let i = 0; i < rounds; i++) runs.push(await editor(appRoot, objectFile, edit));
  return { label, ...Object.fromEntries(["cold", "warm", "edited"].map((k) => [k, median(runs.map((r) => r[k]))])) };
}

const info = { ...machine(), loadBefore: loadAverage() };
const apps = writeTypedApps(join(root, "scripts/bench/.tmp/types"), objects);
execFileSync(process.execPath, [join(root, "packages/build/bin/dorm.js"), "build", "--root", apps.dorm], { stdio: "ignore" });
const results = [
  measure("largest fixture (app-fixtures/chat)", "app-fixtures/chat/tsconfig.json"),
  measure(`${objects} dorm objects`, join(apps.dorm, "tsconfig.json")),
  measure(`${objects} hand-written classes`, join(apps.hand, "tsconfig.json")),
];
// The edit: the last object's increment takes a second, optional parameter.
const lastFile = `app/objects/object${String(objects - 1).padStart(3, "0")}.ts`;
const editors = [
  await measureEditor(`${objects} dorm objects`, apps.dorm, lastFile, (source) => source.replace("increment(ctx, by: number = 1)", "increment(ctx, by: number = 1, note?: string)")),
  await measureEditor(`${objects} hand-written classes`, apps.hand, lastFile, (source) => source.replace("async increment(by: number = 1)", "async increment(by: number = 1, note?: string)")),
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
  "  editor (tsc --lsp): hover on a call in the worker     first, after opening   another call   after an object's file changed",
  ...editors.map((e) => `  ${e.label.padEnd(52)}${pad(`${e.cold.toFixed(0)} ms`, 21)}${pad(`${e.warm.toFixed(0)} ms`, 15)}${pad(`${e.edited.toFixed(0)} ms`, 33)}`),
  "",
];
process.stdout.write(out.join("\n"));
