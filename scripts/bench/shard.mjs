// Benchmark 4: the key → shard function. dorm's shardFor (XXH64 + jump consistent hash, on
// 32-bit halves) against the usual `hashCode % n` and against the same function on BigInt:
//   speed   keys per second, in Node (V8 11.3) and inside workerd (its own, newer V8);
//   growth  the fraction of keys that change shard when n shards become n + 1 (ideal 1/(n + 1));
//   spread  max/mean keys per shard.
// Growth and spread are exact counts, not timings. Standalone: node scripts/bench/shard.mjs [--quick]
import { mkdirSync } from "node:fs";
import { performance } from "node:perf_hooks";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import { fmt, interleave, median, table } from "./lib/stats.mjs";

const LIB = new URL("./lib/", import.meta.url).pathname;
const TMP = new URL("./.tmp/sharding/", import.meta.url).pathname;
const NAMES = ["shardFor", "hashCodeMod", "bigintShardFor"];
const SHAPES = ["short", "long"];
const SHARDS = 64;

async function bundle(entry, out, platform) {
  await esbuild.build({ entryPoints: [LIB + entry], bundle: true, format: "esm", platform, target: "es2022", outfile: TMP + out, logLevel: "silent" });
  return TMP + out;
}

/** ns per key in Node: median of `rounds` interleaved loops of `counts[name]` calls each. */
async function speedInNode(fns, shape, counts, rounds) {
  const keys = fns.makeKeys(shape, 100_000);
  const timed = (name) => () => {
    const started = performance.now();
    fns.loop(name, keys, counts[name], SHARDS);
    return ((performance.now() - started) * 1e6) / counts[name];
  };
  for (const name of NAMES) timed(name)(); // warm-up: let V8 optimise each loop first
  const samples = await interleave(rounds, ...NAMES.map(timed));
  return Object.fromEntries(NAMES.map((name, i) => [name, median(samples[i])]));
}

/**
 * ns per key in workerd. Date.now() does not move during computation there, so Node times the
 * request, minus a request that runs the same loop without the function (fn=none), paired per round.
 */
async function speedInWorkerd(mf, shape, counts, rounds) {
  const request = async (fn, count) => {
    const started = performance.now();
    const response = await mf.dispatchFetch(`http://bench/?fn=${fn}&shape=${shape}&count=${count}&shards=${SHARDS}`);
    await response.json();
    return performance.now() - started;
  };
  const timed = (name) => async () => {
    const base = await request("none", counts[name]);
    return ((await request(name, counts[name])) - base) * 1e6 / counts[name];
  };
  for (const name of NAMES) await timed(name)();
  const samples = await interleave(rounds, ...NAMES.map(timed));
  return Object.fromEntries(NAMES.map((name, i) => [name, median(samples[i])]));
}

/** For n = 1 … maxN: the fraction of `keys` whose shard differs between n and n + 1 shards. */
function growth(fn, keys, maxN) {
  let before = keys.map((key) => fn(key, 1));
  const moved = [];
  for (let n = 1; n <= maxN; n++) {
    const after = keys.map((key) => fn(key, n + 1));
    moved.push({ n, fraction: after.filter((shard, i) => shard !== before[i]).length / keys.length, ideal: 1 / (n + 1) });
    before = after;
  }
  return moved;
}

function spread(fn, keys) {
  const load = new Array(SHARDS).fill(0);
  for (const key of keys) load[fn(key, SHARDS)]++;
  const mean = keys.length / SHARDS;
  return { max: Math.max(...load) / mean, min: Math.min(...load) / mean };
}

/** @param {{ keys: number, rounds: number, counts: Record<string, number>, log?: (line: string) => void }} options */
export async function runSharding({ keys: keyCount, rounds, counts, log = () => {} }) {
  mkdirSync(TMP, { recursive: true });
  const fns = await import(`${await bundle("shard-fns.ts", "fns.mjs", "node")}?t=${Date.now()}`);
  const script = await bundle("shard-worker.ts", "worker.mjs", "neutral");

  const speed = [];
  const mf = new Miniflare({ modules: true, scriptPath: script, compatibilityDate: "2026-04-26" });
  try {
    for (const shape of SHAPES) {
      log(`bench: sharding speed, ${shape} keys, ${rounds} rounds in Node and in workerd…`);
      const node = await speedInNode(fns, shape, counts, rounds);
      const workerd = await speedInWorkerd(mf, shape, counts, rounds);
      speed.push({ shape, example: fns.KEY_SHAPES[shape](12345), node, workerd });
    }
  } finally {
    await mf.dispose();
  }

  log(`bench: sharding growth and spread, ${keyCount} keys…`);
  const moves = {};
  const spreads = {};
  for (const shape of SHAPES) {
    const keys = fns.makeKeys(shape, keyCount);
    for (const name of ["shardFor", "hashCodeMod"]) {
      moves[`${name}/${shape}`] = growth(fns.FUNCTIONS[name], keys, SHARDS);
      spreads[`${name}/${shape}`] = spread(fns.FUNCTIONS[name], keys);
    }
  }
  return { shards: SHARDS, keys: keyCount, rounds, counts, speed, moves, spreads };
}

const SHOWN_GROWTH = [1, 2, 4, 8, 10, 16, 32, 63, 64];

/** The report's lines for benchmark 4. */
export function shardingReport(r) {
  const out = [];
  const perSecond = (ns) => fmt(1e3 / ns, 2); // ns per key → million keys per second
  out.push(
    table([
      ["function", "keys", "Node ns/key", "Node M keys/s", "workerd ns/key", "workerd M keys/s"],
      ...r.speed.flatMap((s) =>
        NAMES.map((name) => [name, `${s.shape} ("${s.example}")`, fmt(s.node[name], 1), perSecond(s.node[name]), fmt(s.workerd[name], 1), perSecond(s.workerd[name])]),
      ),
    ]),
    "",
    `   ${r.shards} shards; median of ${r.rounds} interleaved rounds (calls per round: ${NAMES.map((n) => `${n} ${r.counts[n]}`).join(", ")}).`,
    "   workerd = Node's wall time around one request, minus the same request looping without the function.",
    "",
  );
  const row = (key, n) => r.moves[key][n - 1].fraction;
  out.push(
    table([
      ["n → n+1", "ideal 1/(n+1)", "shardFor short", "shardFor long", "hashCode % n short", "hashCode % n long"],
      ...SHOWN_GROWTH.map((n) => [`${n} → ${n + 1}`, fmt(1 / (n + 1), 4), ...["shardFor/short", "shardFor/long", "hashCodeMod/short", "hashCodeMod/long"].map((k) => fmt(row(k, n), 4))]),
    ]),
    "",
  );
  const worst = (key) => Math.max(...r.moves[key].map((m) => Math.abs(m.fraction - m.ideal) / m.ideal));
  const mean = (key) => r.moves[key].reduce((sum, m) => sum + m.fraction, 0) / r.moves[key].length;
  out.push(
    table([
      ["over n = 1…64", "mean moved", "worst |moved − ideal| / ideal", `max/mean load, ${r.shards} shards`, "min/mean"],
      ...["shardFor/short", "shardFor/long", "hashCodeMod/short", "hashCodeMod/long"].map((k) => [
        k.replace("hashCodeMod", "hashCode % n"),
        fmt(mean(k), 4),
        fmt(worst(k), 4),
        fmt(r.spreads[k].max, 4),
        fmt(r.spreads[k].min, 4),
      ]),
    ]),
    "",
    `   ${r.keys} keys of each shape; the ideal mean moved fraction over n = 1…64 is ${fmt(SHOWN_MEAN_IDEAL, 4)}.`,
  );
  return out;
}

const SHOWN_MEAN_IDEAL = Array.from({ length: SHARDS }, (_, i) => 1 / (i + 2)).reduce((a, b) => a + b) / SHARDS;

export const SHARDING_SETTINGS = {
  quick: { keys: 20_000, rounds: 3, counts: { shardFor: 30_000, hashCodeMod: 300_000, bigintShardFor: 3_000 } },
  full: { keys: 100_000, rounds: 7, counts: { shardFor: 300_000, hashCodeMod: 3_000_000, bigintShardFor: 30_000 } },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes("--quick");
  const result = await runSharding({ ...SHARDING_SETTINGS[quick ? "quick" : "full"], log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${shardingReport(result).join("\n")}\n`);
}
