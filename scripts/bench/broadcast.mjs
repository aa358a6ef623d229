// Benchmark 4: one message broadcast to 1,000 WebSockets of one object, dorm vs partyserver.
//
// One worker, one isolate, one workerd process holds both classes (.apps/broadcast-both): dorm's
// generated `Fanout` (.apps/broadcast, `messages.shout` → `ctx.broadcast`) and partyserver's
// `PartyFanout` (.apps/broadcast-party, `onMessage` → `this.broadcast`), both hibernatable.
// Node opens `sockets` real WebSockets to each object (and to a second partyserver object, the
// A/A control), then per round sends one frame on one socket and times until every socket of that
// object has received the broadcast. Node's receiving work is the same for every side.
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as esbuild from "esbuild";
import { Miniflare } from "miniflare";
import WebSocket from "ws";
import { buildApp, miniflareOptions, workerBundleOptions } from "@dorm/build";
import { cpuMs, workerdPids } from "./lib/proc.mjs";
import { interleave, median } from "./lib/stats.mjs";

const APPS = new URL("./.apps/", import.meta.url).pathname;
const DORM_APP = join(APPS, "broadcast");
const PARTY_APP = join(APPS, "broadcast-party");
const BOTH_APP = join(APPS, "broadcast-both");
const PAYLOAD = { text: "x".repeat(64), n: 0 };

async function buildBoth() {
  await buildApp(DORM_APP);
  await esbuild.build({ ...workerBundleOptions(), absWorkingDir: BOTH_APP, entryPoints: { worker: "worker.js" }, outdir: join(BOTH_APP, "dist") });
}

async function workerOptions() {
  const { unstable_getMiniflareWorkerOptions } = await import("wrangler");
  const party = unstable_getMiniflareWorkerOptions(join(PARTY_APP, "wrangler.jsonc")).workerOptions;
  const options = await miniflareOptions(DORM_APP);
  return {
    ...options,
    name: "broadcast-both",
    scriptPath: join(BOTH_APP, "dist", "worker.js"),
    // The bundle's modules are read from its own folder (the dorm app's options name the dorm app's).
    modulesRoot: join(BOTH_APP, "dist"),
    durableObjects: { ...options.durableObjects, ...party.durableObjects },
    unsafeEphemeralDurableObjects: true,
    port: 0,
  };
}

/** `count` sockets to one object; `wait()` resolves when each has received one more frame. */
async function openSide(url, count) {
  const sockets = [];
  let received = 0;
  let target = Infinity;
  let done = () => {};
  const onMessage = () => {
    if (++received === target) done();
  };
  // Opened in batches: a thousand handshakes at once only measure the machine's patience.
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () => new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once("open", () => resolve(ws));
      ws.once("error", reject);
      ws.on("message", onMessage);
    }));
    sockets.push(...(await Promise.all(batch)));
  }
  return {
    sockets,
    /** Send one frame and time until all `count` sockets got the broadcast. */
    round(frame) {
      received = 0;
      target = count;
      const arrived = new Promise((resolve) => (done = resolve));
      const t0 = performance.now();
      sockets[0].send(frame);
      return arrived.then(() => performance.now() - t0);
    },
    close: () => Promise.all(sockets.map((ws) => new Promise((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : (ws.once("close", resolve), ws.close()))))),
  };
}

/**
 * Also measured: workerd's CPU time (user + system, from /proc) per broadcast, in blocks of
 * `cpuBlock` rounds of one side, the blocks interleaved. It leaves out Node's receiving work.
 *
 * @param {{ sockets: number, rounds: number, warmup: number, cpuBlocks: number, cpuBlock: number, log?: (s: string) => void }} options
 */
export async function runBroadcast({ sockets, rounds, warmup, cpuBlocks, cpuBlock, log = () => {} }) {
  await buildBoth();
  const mf = new Miniflare(await workerOptions());
  const sides = [];
  try {
    const base = (await mf.ready).href.replace(/^http/, "ws");
    const dorm = await openSide(`${base}objects/fanout/bench/ws`, sockets);
    const party = await openSide(`${base}party?room=bench`, sockets);
    const control = await openSide(`${base}party?room=bench-control`, sockets);
    sides.push(dorm, party, control);
    log(`  ${sockets} sockets open on each of 3 objects`);
    let n = 0;
    const dormFrame = () => JSON.stringify({ v: 1, type: "shout", payload: { ...PAYLOAD, n: ++n } });
    const partyFrame = () => JSON.stringify({ ...PAYLOAD, n: ++n });
    for (let i = 0; i < warmup; i++) {
      await dorm.round(dormFrame());
      await party.round(partyFrame());
      await control.round(partyFrame());
    }
    const [dormMs, partyMs, controlMs] = await interleave(
      rounds,
      () => dorm.round(dormFrame()),
      () => party.round(partyFrame()),
      () => control.round(partyFrame()),
    );
    // Server CPU: blocks of rounds per side, interleaved; workerd's CPU time per broadcast.
    const pids = workerdPids();
    let cpu = null;
    if (pids && pids.length > 0) {
      const block = (one, frame) => async () => {
        const before = cpuMs(pids);
        for (let i = 0; i < cpuBlock; i++) await one.round(frame());
        return (cpuMs(pids) - before) / cpuBlock;
      };
      const [d, p, c] = await interleave(cpuBlocks, block(dorm, dormFrame), block(party, partyFrame), block(control, partyFrame));
      cpu = { blocks: cpuBlocks, block: cpuBlock, dorm: d, partyserver: p, control: c, dormMs: median(d), partyMs: median(p), controlMs: median(c) };
      cpu.ratio = cpu.dormMs / cpu.partyMs;
      cpu.controlRatio = cpu.controlMs / cpu.partyMs;
    }
    const side = (list) => ({ rounds: list, medianMs: median(list), bestMs: Math.min(...list), usPerSocket: (median(list) * 1000) / sockets });
    const result = {
      sockets,
      rounds,
      dorm: side(dormMs),
      partyserver: side(partyMs),
      control: side(controlMs),
      cpu,
      frameBytes: { dorm: Buffer.byteLength(JSON.stringify({ v: 1, kind: "event", type: "shout", payload: PAYLOAD })), partyserver: Buffer.byteLength(JSON.stringify(PAYLOAD)) },
    };
    result.ratio = result.dorm.medianMs / result.partyserver.medianMs;
    result.ratioPaired = median(dormMs.map((d, i) => d / partyMs[i]));
    result.ratioBest = result.dorm.bestMs / result.partyserver.bestMs;
    result.controlRatio = result.control.medianMs / result.partyserver.medianMs;
    if (cpu) log(`  workerd CPU per broadcast: dorm ${cpu.dormMs.toFixed(2)} ms, partyserver ${cpu.partyMs.toFixed(2)} ms, ratio ${cpu.ratio.toFixed(3)} (A/A ${cpu.controlRatio.toFixed(3)})`);
    log(`  broadcast to ${sockets}: dorm ${result.dorm.medianMs.toFixed(2)} ms, partyserver ${result.partyserver.medianMs.toFixed(2)} ms, ratio ${result.ratio.toFixed(3)} (A/A ${result.controlRatio.toFixed(3)})`);
    return result;
  } finally {
    await Promise.all(sides.map((s) => s.close()));
    await mf.dispose();
  }
}
