// `npm run bench`: dorm's generated code and build against their hand-written equivalents, and
// its shard function against `hashCode % n`, side by side in one run. Prints ratios, never
// asserts on time (see docs/benchmarks.md).
//   node scripts/bench/run.mjs           full run (about 2 minutes on 2 cores)
//   node scripts/bench/run.mjs --quick   small counts, to check that the suite works
// Results are also written to scripts/bench/.tmp/results.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { bundleSizes, runBroadcast } from "./broadcast.mjs";
import { runBuild } from "./build.mjs";
import { runDispatch } from "./dispatch.mjs";
import { writeManyApps } from "./lib/many-apps.mjs";
import { loadAverage, machine } from "./lib/machine.mjs";
import { fmt, table } from "./lib/stats.mjs";
import { runInspector } from "./inspector.mjs";
import { DORM_APP, HAND_APP, runRpc } from "./rpc.mjs";
import { runSharding, SHARDING_SETTINGS, shardingReport } from "./shard.mjs";

const quick = process.argv.includes("--quick");
const partyserverVersion = () => JSON.parse(readFileSync(new URL("../../node_modules/partyserver/package.json", import.meta.url), "utf8")).version;
const TMP = new URL("./.tmp/", import.meta.url).pathname;
const RPC_TARGET = 1.05;

const settings = quick
  ? { memory: { calls: 2_000, rounds: 5, warmup: 500, batch: 100 }, disk: { calls: 200, rounds: 5, warmup: 100, batch: 20 }, build: { rounds: 10, coldRounds: 1 }, dispatch: { calls: 50_000, rounds: 5 }, broadcast: { sockets: 200, rounds: 5, warmup: 2, cpuBlocks: 2, cpuBlock: 5 }, inspector: { rounds: 3, requests: 500 } }
  : { memory: { calls: 20_000, rounds: 8, warmup: 2_000, batch: 500 }, disk: { calls: 2_000, rounds: 6, warmup: 500, batch: 100 }, build: { rounds: 12, coldRounds: 3 }, dispatch: { calls: 300_000, rounds: 7 }, broadcast: { sockets: 1_000, rounds: 30, warmup: 5, cpuBlocks: 6, cpuBlock: 20 }, inspector: { rounds: 8, requests: 1_500 } };

const fmtOr = (value, digits) => (value === undefined ? "n/a" : fmt(value, digits));
const log = (line) => process.stderr.write(`${line}\n`);
const started = performance.now();
const info = { ...machine(), loadBefore: loadAverage() };

log(`bench: RPC, ${settings.memory.calls} calls × ${settings.memory.rounds} rounds per side (in-memory storage)…`);
const rpc = await runRpc({ storage: "memory", methods: ["increment", "get"], ...settings.memory, log });
log(`bench: RPC, ${settings.disk.calls} calls × ${settings.disk.rounds} rounds per side (SQLite on disk)…`);
rpc.push(...(await runRpc({ storage: "disk", methods: ["increment"], ...settings.disk, log })));

log(`bench: build, ${settings.build.rounds} warm rounds per side…`);
const many = writeManyApps(join(TMP, "many"));
const builds = [
  await runBuild({ label: "rpc (1 object)", dormRoot: DORM_APP, handRoot: HAND_APP, handEntry: "worker.ts", ...settings.build, log }),
  await runBuild({ label: "many (16 objects)", dormRoot: many.dorm, handRoot: many.hand, handEntry: "worker.ts", ...settings.build, log }),
];
log(`bench: JavaScript cost per call in Node, ${settings.dispatch.calls} calls × ${settings.dispatch.rounds} rounds…`);
const dispatch = await runDispatch(settings.dispatch);
const sharding = await runSharding({ ...SHARDING_SETTINGS[quick ? "quick" : "full"], log });
log(`bench: broadcast to ${settings.broadcast.sockets} sockets, dorm vs partyserver, ${settings.broadcast.rounds} rounds…`);
const broadcast = await runBroadcast({ ...settings.broadcast, log });
const sizes = await bundleSizes();
log(`bench: the inspector page open vs closed, ${settings.inspector.requests} requests × ${settings.inspector.rounds} rounds per side…`);
const inspector = await runInspector({ ...settings.inspector, log });
info.loadAfter = loadAverage();
const seconds = (performance.now() - started) / 1000;

const out = [];
out.push("", "dorm benchmarks" + (quick ? " (--quick: small counts, not for publishing)" : ""), "");
out.push(
  "machine",
  `  CPU       ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB RAM`,
  `  OS        ${info.os}`,
  `  Node      ${info.node}`,
  `  wrangler  ${info.wrangler}, miniflare ${info.miniflare}, workerd ${info.workerd}, esbuild ${info.esbuild}`,
  `  load avg  ${info.loadBefore} (before) / ${info.loadAfter} (after)`,
);

out.push("", "1. RPC: generated class (dorm) vs hand-written class, same worker, same workerd", "");
out.push(
  table([
    ["method", "storage", "calls × rounds", "dorm µs/call", "hand µs/call", "control µs/call"],
    ...rpc.map((r) => [r.method, r.storage, `${r.calls} × ${r.rounds}`, fmt(r.dorm.insideUs), fmt(r.hand.insideUs), fmt(r.control.insideUs)]),
  ]),
  "",
  "   µs/call = median round time measured inside workerd / calls. control = a second object of the",
  "   hand-written class, measured like the others: hand vs control is an A/A test (no difference in code).",
  "",
);
out.push(
  table([
    ["method", "storage", "dorm/hand", "paired", "best", "Node wall", "A/A", "duel", "duel paired", "duel A/A"],
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
    ]),
  ]),
);
out.push(
  "",
  "   dorm/hand = ratio of the median rounds; paired = median of per-round ratios (adjacent rounds);",
  "   best = ratio of the fastest rounds; Node wall = the same ratio from Node's clock around each dispatchFetch;",
  "   A/A = control/hand, the spread to expect when nothing differs.",
  "   duel = one request, all three sides in rotating batches inside workerd (calls per side in all):",
  "   ratio of the median batches, median of per-batch ratios, and control/hand.",
);
const main = rpc.find((r) => r.method === "increment" && r.storage === "memory");
out.push(
  `   target: increment (memory) ratio ≤ ${RPC_TARGET} → ${fmt(main.ratio, 3)} ${main.ratio <= RPC_TARGET ? "met" : "NOT met"}`,
);

out.push("", "2. Build: dorm build vs plain esbuild (same bundle options) on the equivalent hand-written app", "");
out.push(
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
);
out.push(
  "",
  table([
    ["app", "warm dorm build ms", "= project (scan, analysis) ms", "+ bundle of .dorm/entry.js ms", "+ rest (codegen, write-if-changed)"],
    ...builds.map((b) => [b.label, fmt(b.warm.dorm, 1), fmt(b.parts.loadProject, 1), fmt(b.parts.bundleEntry, 1), fmt(b.warm.dorm - b.parts.loadProject - b.parts.bundleEntry, 1)]),
  ]),
);
out.push(
  "",
  `   warm = median of ${settings.build.rounds} in-process builds each, interleaved; cold = median of ${settings.build.coldRounds} fresh processes each.`,
  "",
  "3. Diagnostic: JavaScript cost per call without RPC (Node's V8, fake storage), same classes as in 1.",
  "   stub lookup = durableObjects.counter.get(name) vs env.COUNTER.getByName(name) (fake namespace)",
  "",
  table([
    ["what", "calls × rounds", "dorm ns", "hand ns", "extra ns"],
    ...dispatch.map((d) => [d.method, `${d.calls} × ${d.rounds}`, fmt(d.dormNs, 1), fmt(d.handNs, 1), fmt(d.extraNs, 1)]),
  ]),
  "",
  "4. Sharding: shardFor (XXH64 + jump consistent hash) vs hashCode % n; speed, keys moved on growth, spread",
  "",
  ...shardingReport(sharding),
  "",
  `5. Broadcast: one message to ${broadcast.sockets} WebSockets of one object, dorm vs partyserver ${partyserverVersion()}, same worker, same workerd`,
  "",
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
  "",
  "6. Bundle size: the whole worker of each side's fan-out app, minified, and gzip -9",
  "",
  table([
    ["side", "minified bytes", "gzip bytes", "of the minified: realtime / rest of runtime / packages / app"],
    ["dorm (generated worker + runtime)", String(sizes.dorm.minified), String(sizes.dorm.gzip), `${sizes.dorm.parts.realtime} / ${sizes.dorm.parts.runtime} / ${sizes.dorm.parts.packages} / ${sizes.dorm.parts.app}`],
    ["partyserver (worker + partyserver + nanoid)", String(sizes.partyserver.minified), String(sizes.partyserver.gzip), `- / ${sizes.partyserver.parts.packages} (partyserver, nanoid) / - / ${sizes.partyserver.parts.app}`],
  ]),
  "",
  "7. The inspector: dorm dev's request latency with the page open (Chromium, on the instance the requests hit) vs closed",
  "",
  ...(inspector
    ? [
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
        `   the instance once a second. target: open/closed ≤ 1.05 → ${fmt(inspector.ratio, 3)} ${inspector.ratio <= 1.05 ? "met" : "NOT met"}`,
      ]
    : ["   skipped: /usr/bin/chromium is missing"]),
  "",
  `total time: ${fmt(seconds, 1)} s`,
  "",
);
process.stdout.write(out.join("\n"));

mkdirSync(TMP, { recursive: true });
writeFileSync(join(TMP, "results.json"), JSON.stringify({ quick, settings, machine: info, rpc, builds, dispatch, sharding, broadcast, sizes, inspector, seconds }, null, 2) + "\n");
