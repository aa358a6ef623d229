// `npm run bench`: dorm against what an author would write without it, side by side in one run.
// Prints ratios, never asserts on time (see docs/benchmarks.md).
//   node scripts/bench/run.mjs           full run (about 5 minutes on 2 cores)
//   node scripts/bench/run.mjs --quick   small counts, to check that the suite works
// Results are also written to scripts/bench/.tmp/results.json.
//
// Each benchmark is a section below: { title, run(settings, log), report(result) → lines }, run in
// order; `targets` gathers the figures that have a stated target. To add a benchmark, add a
// module beside this file and a section here (and its part of docs/benchmarks.md).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { runBroadcast } from "./broadcast.mjs";
import { runBuild, runScale } from "./build.mjs";
import { runColdStart } from "./cold-start.mjs";
import { runDispatch } from "./dispatch.mjs";
import { writeManyApps } from "./lib/many-apps.mjs";
import { loadAverage, machine } from "./lib/machine.mjs";
import { fmt, table } from "./lib/stats.mjs";
import { runInspector } from "./inspector.mjs";
import { DORM_APP, HAND_APP, runRpc } from "./rpc.mjs";
import { runSharding, SHARDING_SETTINGS, shardingReport } from "./shard.mjs";
import { runSizes } from "./size.mjs";

const quick = process.argv.includes("--quick");
const partyserverVersion = () => JSON.parse(readFileSync(new URL("../../node_modules/partyserver/package.json", import.meta.url), "utf8")).version;
const TMP = new URL("./.tmp/", import.meta.url).pathname;

const SETTINGS = {
  quick: {
    memory: { calls: 2_000, rounds: 5, warmup: 500, batch: 100 },
    disk: { calls: 200, rounds: 5, warmup: 100, batch: 20 },
    build: { rounds: 10, coldRounds: 1 },
    scale: { objects: 200, rounds: 3 },
    dispatch: { calls: 50_000, rounds: 5 },
    broadcast: { sockets: 200, rounds: 5, warmup: 2, cpuBlocks: 2, cpuBlock: 5 },
    inspector: { rounds: 3, requests: 500 },
    coldStart: { rounds: 3 },
  },
  full: {
    memory: { calls: 20_000, rounds: 8, warmup: 2_000, batch: 500 },
    disk: { calls: 2_000, rounds: 6, warmup: 500, batch: 100 },
    build: { rounds: 12, coldRounds: 5 },
    scale: { objects: 1_000, rounds: 7 },
    dispatch: { calls: 300_000, rounds: 7 },
    broadcast: { sockets: 1_000, rounds: 30, warmup: 5, cpuBlocks: 6, cpuBlock: 20 },
    inspector: { rounds: 8, requests: 1_500 },
    coldStart: { rounds: 12 },
  },
};
const settings = quick ? SETTINGS.quick : SETTINGS.full;
const fmtOr = (value, digits) => (value === undefined ? "n/a" : fmt(value, digits));
const log = (line) => process.stderr.write(`${line}\n`);

/** The figures with a target (issue 13's "must show"): [what, measured, target, lower is met]. */
const targets = [];
const target = (what, value, limit, digits = 3) => targets.push([what, fmt(value, digits), `≤ ${limit}`, value <= limit ? "met" : "NOT met"]);

const sections = [
  {
    key: "rpc",
    title: "RPC: generated class (dorm) vs hand-written class, same worker, same workerd",
    async run() {
      log(`bench: RPC, ${settings.memory.calls} calls × ${settings.memory.rounds} rounds per side (in-memory storage)…`);
      const rpc = await runRpc({ storage: "memory", methods: ["increment", "get"], ...settings.memory, log });
      log(`bench: RPC, ${settings.disk.calls} calls × ${settings.disk.rounds} rounds per side (SQLite on disk)…`);
      rpc.push(...(await runRpc({ storage: "disk", methods: ["increment"], ...settings.disk, log })));
      return rpc;
    },
    report(rpc) {
      const main = rpc.find((r) => r.method === "increment" && r.storage === "memory");
      target("RPC increment (memory), duel dorm / hand", main.duel.ratioMedian, 1.02);
      return [
        table([
          ["method", "storage", "calls × rounds", "dorm µs/call", "hand µs/call", "control µs/call"],
          ...rpc.map((r) => [r.method, r.storage, `${r.calls} × ${r.rounds}`, fmt(r.dorm.insideUs), fmt(r.hand.insideUs), fmt(r.control.insideUs)]),
        ]),
        "",
        "   µs/call = median round time measured inside workerd / calls. control = a second object of the",
        "   hand-written class, measured like the others: hand vs control is an A/A test (no difference in code).",
        "",
        table([
          ["method", "storage", "dorm/hand", "paired", "best", "Node wall", "A/A", "duel", "duel paired", "duel A/A", "duel twin"],
          ...rpc.map((r) => [
            r.method,
            r.storage,
            fmt(r.ratio, 3),
            fmt(r.ratioPaired, 3),
            fmt(r.ratioBest, 3),
            fmt(r.ratioWall, 3),
            fmt(r.controlRatio, 3),
            fmt(r.duel.ratioMedian, 3),
            fmt(r.duel.ratioPaired, 3),
            fmt(r.duel.controlMedian, 3),
            fmt(r.duel.twinMedian, 3),
          ]),
        ]),
        "",
        "   dorm/hand = ratio of the median rounds; paired = median of per-round ratios (adjacent rounds);",
        "   best = ratio of the fastest rounds; Node wall = the same ratio from Node's clock around each dispatchFetch;",
        "   A/A = control/hand, the spread to expect when nothing differs.",
        "   duel = one request, all four sides in rotating batches inside workerd (calls per side in all):",
        "   ratio of the median batches, median of per-batch ratios, control/hand, and twin/hand (twin: the",
        "   hand-written class's code under another class name, so twin/hand is the spread between two classes).",
      ];
    },
  },
  {
    key: "builds",
    title: "Build: dorm build vs plain esbuild (same bundle options) on the equivalent hand-written app",
    async run() {
      log(`bench: build, ${settings.build.rounds} warm rounds per side…`);
      const many = writeManyApps(join(TMP, "many"));
      const builds = [
        await runBuild({ label: "rpc (1 object)", dormRoot: DORM_APP, handRoot: HAND_APP, handEntry: "worker.ts", ...settings.build, log }),
        await runBuild({ label: "many (16 objects)", dormRoot: many.dorm, handRoot: many.hand, handEntry: "worker.ts", ...settings.build, log }),
      ];
      log(`bench: scan, analysis and codegen of ${settings.scale.objects} objects vs esbuild bundling them…`);
      const scale = await runScale({ dir: join(TMP, "scale"), ...settings.scale, log });
      return { builds, scale };
    },
    report({ builds, scale }) {
      for (const b of builds) {
        target(`warm dorm build / esbuild, ${b.label}`, b.warm.ratio, 2.0, 2);
        target(`warm rebuild, kept esbuild context with dorm's plugin / without, ${b.label}`, b.rebuild.ratio, 2.0, 2);
        target(`cold dorm build CLI / node + esbuild, ${b.label}`, b.cold.ratioNode, 1.5, 2);
      }
      target(`scan + analysis + codegen / esbuild bundle, ${scale.objects} objects`, scale.ratio, 0.25);
      return [
        table([
          ["app", "warm dorm ms", "warm esbuild ms", "ratio", "cold dorm CLI ms", "cold node+esbuild ms", "ratio", "cold esbuild binary ms", "bundle bytes dorm / hand"],
          ...builds.map((b) => [
            b.label,
            fmt(b.warm.dorm, 1),
            fmt(b.warm.esbuild, 1),
            fmt(b.warm.ratio),
            fmt(b.cold.dorm, 0),
            fmt(b.cold.esbuildNode, 0),
            fmt(b.cold.ratioNode),
            fmt(b.cold.esbuildBinary, 0),
            `${b.bytes.dorm} / ${b.bytes.hand}`,
          ]),
        ]),
        "",
        table([
          ["app", "rebuild dorm ms (kept context, dorm's plugin)", "rebuild esbuild ms (kept context)", "ratio"],
          ...builds.map((b) => [b.label, fmt(b.rebuild.dorm, 1), fmt(b.rebuild.esbuild, 1), fmt(b.rebuild.ratio)]),
        ]),
        "",
        table([
          ["app", "warm dorm build ms", "= project (scan, analysis) ms", "+ bundle of .dorm/entry.js ms", "+ rest (codegen, write-if-changed)"],
          ...builds.map((b) => [b.label, fmt(b.warm.dorm, 1), fmt(b.parts.loadProject, 1), fmt(b.parts.bundleEntry, 1), fmt(b.warm.dorm - b.parts.loadProject - b.parts.bundleEntry, 1)]),
        ]),
        "",
        table([
          ["objects", "scan + analysis + codegen ms", "esbuild bundle of the same ms", "ratio"],
          [String(scale.objects), fmt(scale.dormMs, 1), fmt(scale.esbuildMs, 1), fmt(scale.ratio, 3)],
        ]),
        "",
        `   warm = median of ${settings.build.rounds} in-process builds each (a new esbuild build every time, as \`dorm build\`), interleaved; cold = median of ${settings.build.coldRounds} fresh processes each.`,
        "   rebuild = what a save costs in `dorm dev`: one esbuild context kept on each side, rebuilt with nothing changed (dorm's plugin still reads the app and regenerates the entry).",
        `   scale: loadProject + generateOutputs vs esbuild.build of the generated entry (write: false), ${scale.rounds} interleaved rounds.`,
      ];
    },
  },
  {
    key: "dispatch",
    title: "Diagnostic: JavaScript cost per call without RPC (Node's V8, fake storage), same classes as in RPC",
    async run() {
      log(`bench: JavaScript cost per call in Node, ${settings.dispatch.calls} calls × ${settings.dispatch.rounds} rounds…`);
      return runDispatch(settings.dispatch);
    },
    report: (dispatch) => [
      "   stub lookup = durableObjects.counter.get(name) vs env.COUNTER.getByName(name) (fake namespace)",
      "",
      table([
        ["what", "calls × rounds", "dorm ns", "hand ns", "extra ns"],
        ...dispatch.map((d) => [d.method, `${d.calls} × ${d.rounds}`, fmt(d.dormNs, 1), fmt(d.handNs, 1), fmt(d.extraNs, 1)]),
      ]),
    ],
  },
  {
    key: "sharding",
    title: "Sharding: shardFor (XXH64 + jump consistent hash) vs hashCode % n; speed, keys moved on growth, spread",
    run: () => runSharding({ ...SHARDING_SETTINGS[quick ? "quick" : "full"], log }),
    report: shardingReport,
  },
  {
    key: "broadcast",
    title: `Broadcast: one message to ${settings.broadcast.sockets} WebSockets of one object, dorm vs partyserver ${partyserverVersion()}, same worker, same workerd`,
    async run() {
      log(`bench: broadcast to ${settings.broadcast.sockets} sockets, dorm vs partyserver, ${settings.broadcast.rounds} rounds…`);
      return runBroadcast({ ...settings.broadcast, log });
    },
    report(broadcast) {
      if (broadcast.cpu) target("broadcast, workerd CPU dorm / partyserver", broadcast.cpu.ratio, 1.0);
      return [
        table([
          ["side", "median ms (end to end)", "best ms", "µs per socket", "workerd CPU ms per broadcast", "frame bytes"],
          ["dorm", fmt(broadcast.dorm.medianMs), fmt(broadcast.dorm.bestMs), fmt(broadcast.dorm.usPerSocket), fmtOr(broadcast.cpu?.dormMs), String(broadcast.frameBytes.dorm)],
          ["partyserver", fmt(broadcast.partyserver.medianMs), fmt(broadcast.partyserver.bestMs), fmt(broadcast.partyserver.usPerSocket), fmtOr(broadcast.cpu?.partyMs), String(broadcast.frameBytes.partyserver)],
          ["control (partyserver, 2nd object)", fmt(broadcast.control.medianMs), fmt(broadcast.control.bestMs), fmt(broadcast.control.usPerSocket), fmtOr(broadcast.cpu?.controlMs), String(broadcast.frameBytes.partyserver)],
        ]),
        "",
        table([
          ["dorm/partyserver", "paired", "best", "A/A", "CPU dorm/partyserver", "CPU A/A"],
          [fmt(broadcast.ratio, 3), fmt(broadcast.ratioPaired, 3), fmt(broadcast.ratioBest, 3), fmt(broadcast.controlRatio, 3), fmtOr(broadcast.cpu?.ratio, 3), fmtOr(broadcast.cpu?.controlRatio, 3)],
        ]),
        "",
        `   end to end = Node sends one frame, until all ${broadcast.sockets} sockets received the broadcast (median of ${broadcast.rounds} interleaved rounds);`,
        `   CPU = workerd's user+system time per broadcast (/proc), median of ${broadcast.cpu?.blocks ?? 0} blocks of ${broadcast.cpu?.block ?? 0} rounds.`,
      ];
    },
  },
  {
    key: "sizes",
    title: "Bundle size: each app's whole worker, minified (esbuild), and gzip -9",
    run: () => runSizes({ log }),
    report({ pairs, base, features }) {
      for (const p of pairs) {
        target(`${p.label}, gzip dorm / ${p.otherLabel}`, p.ratio, p.target, 2);
        if (p.label.startsWith("counter")) target(`${p.label}, gzip bytes`, p.dormSize.gzip, 5000, 0);
      }
      return [
        table([
          ["app", "dorm min", "dorm gzip", "other side", "min", "gzip", "gzip ratio", "dorm's minified: runtime / realtime / packages / app", "budget (gzip)"],
          ...pairs.map((p) => [
            p.label,
            String(p.dormSize.minified),
            String(p.dormSize.gzip),
            p.otherLabel,
            String(p.otherSize.minified),
            String(p.otherSize.gzip),
            fmt(p.ratio, 2),
            `${p.dormSize.parts.runtime} / ${p.dormSize.parts.realtime} / ${p.dormSize.parts.packages} / ${p.dormSize.parts.app}`,
            p.budget === undefined ? "-" : String(p.budget),
          ]),
        ]),
        "",
        `   What each optional feature adds to the counter app (${base.minified} B minified, ${base.gzip} B gzip): the app`,
        "   with that feature used, minus its parent (lib/feature-apps.mjs).",
        "",
        table([["feature", "over", "+ minified bytes", "+ gzip bytes"], ...features.map((f) => [f.feature, f.parent, String(f.minified), String(f.gzip)])]),
      ];
    },
  },
  {
    key: "inspector",
    title: "The inspector: dorm dev's request latency with the page open (Chromium, on the instance the requests hit) vs closed",
    async run() {
      log(`bench: the inspector page open vs closed, ${settings.inspector.requests} requests × ${settings.inspector.rounds} rounds per side…`);
      return runInspector({ ...settings.inspector, log });
    },
    report(inspector) {
      if (!inspector) return ["   skipped: /usr/bin/chromium is missing"];
      target("inspector open / closed, dorm dev request latency", inspector.ratio, 1.05);
      return [
        table([
          ["requests × rounds", "closed ms/request", "open ms/request", "open/closed", "paired", "page bytes (gzip)", "board JSON bytes", "instance JSON bytes", "bytes/s while open"],
          [
            `${inspector.requests} × ${inspector.rounds}`,
            fmt(inspector.closedMs, 3),
            fmt(inspector.openMs, 3),
            fmt(inspector.ratio, 3),
            fmt(inspector.ratioPaired, 3),
            `${inspector.sizes.page.raw} (${inspector.sizes.page.gzip})`,
            String(inspector.sizes.board.raw),
            String(inspector.sizes.instance.raw),
            fmt(inspector.bytesPerSecondOpen, 0),
          ],
        ]),
        "",
        "   ms/request = mean of sequential POST /counter/bench/increment (worker → object) over one keep-alive connection,",
        "   median of rounds; closed and open rounds interleaved. Open = the page shows that counter, so it reads the board and",
        "   the instance once a second.",
      ];
    },
  },
  {
    key: "coldStart",
    title: "Cold start: a new Miniflare to the first RPC answered, dorm's counter app vs the hand-written one",
    async run() {
      log(`bench: cold start, ${settings.coldStart.rounds} interleaved starts per side…`);
      return runColdStart({ ...settings.coldStart, log });
    },
    report(cold) {
      target("cold start, median dorm / hand", cold.ratio, 1.2);
      return [
        table([
          ["side", "median ms", "best ms", "starts"],
          ["dorm", fmt(cold.dormMs, 0), fmt(Math.min(...cold.dorm), 0), String(cold.rounds)],
          ["hand-written", fmt(cold.handMs, 0), fmt(Math.min(...cold.hand), 0), String(cold.rounds)],
        ]),
        "",
        `   ratio of medians ${fmt(cold.ratio, 3)}, median of paired ratios ${fmt(cold.ratioPaired, 3)}.`,
      ];
    },
  },
];

const started = performance.now();
const info = { ...machine(), loadBefore: loadAverage() };
const results = {};
for (const section of sections) results[section.key] = await section.run();
info.loadAfter = loadAverage();
const seconds = (performance.now() - started) / 1000;

const out = ["", "dorm benchmarks" + (quick ? " (--quick: small counts, not for publishing)" : ""), ""];
out.push(
  "machine",
  `  CPU       ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB RAM`,
  `  OS        ${info.os}`,
  `  Node      ${info.node}`,
  `  wrangler  ${info.wrangler}, miniflare ${info.miniflare}, workerd ${info.workerd}, esbuild ${info.esbuild}`,
  `  load avg  ${info.loadBefore} (before) / ${info.loadAfter} (after)`,
);
sections.forEach((section, i) => out.push("", `${i + 1}. ${section.title}`, "", ...section.report(results[section.key])));
out.push("", "Targets", "", table([["what", "measured", "target", ""], ...targets]), "", `total time: ${fmt(seconds, 1)} s`, "");
process.stdout.write(out.join("\n"));

mkdirSync(TMP, { recursive: true });
writeFileSync(join(TMP, "results.json"), JSON.stringify({ quick, settings, machine: info, ...results, targets, seconds }, null, 2) + "\n");
