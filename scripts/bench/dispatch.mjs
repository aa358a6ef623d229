// Benchmark 3 (diagnostic): the JavaScript cost of one call into each class, without RPC.
//
// Loads the real generated class (.apps/rpc/.dorm/entry.js, with dorm's runtime) and the
// hand-written class into Node, on a fake DurableObjectState whose storage.put only stores the
// value in a Map, and times direct calls. This is the part of an RPC call that differs
// between the two sides; workerd's RPC machinery and storage are the same for both.
// Also the caller's side: `durableObjects.counter.get(name)` vs `env.COUNTER.getByName(name)`
// on a fake namespace (once per request in a typical worker, not once per call).
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import * as esbuild from "esbuild";
import { buildApp } from "@dorm/build";
import { DORM_APP, HAND_APP } from "./rpc.mjs";
import { interleave, median } from "./lib/stats.mjs";

const SHIM = new URL("./lib/workers-shim.mjs", import.meta.url).pathname;
const OUT = new URL("./.tmp/dispatch/classes.mjs", import.meta.url).pathname;

async function loadClasses() {
  await buildApp(DORM_APP);
  await esbuild.build({
    stdin: {
      contents: `export { Counter } from ${JSON.stringify(join(DORM_APP, ".dorm/entry.js"))};\nexport { HandCounter } from ${JSON.stringify(join(HAND_APP, "worker.ts"))};\nexport { durableObjects } from "dorm";\nexport { env } from "cloudflare:workers";\n`,
      resolveDir: DORM_APP,
      loader: "js",
    },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2024",
    alias: { "cloudflare:workers": SHIM },
    outfile: OUT,
    logLevel: "silent",
  });
  return import(`${OUT}?t=${Date.now()}`);
}

function fakeState(name) {
  const data = new Map();
  const resolved = Promise.resolve();
  let loading = resolved;
  return {
    id: { name, toString: () => name },
    storage: {
      get: async (keys) => (Array.isArray(keys) ? new Map(keys.filter((k) => data.has(k)).map((k) => [k, data.get(k)])) : data.get(keys)),
      put: (key, value) => {
        data.set(key, value);
        return resolved;
      },
    },
    blockConcurrencyWhile: (fn) => (loading = fn()),
    waitUntil: () => {},
    get loaded() {
      return loading;
    },
  };
}

/** @param {{ calls: number, rounds: number }} options */
export async function runDispatch({ calls, rounds }) {
  const { Counter, HandCounter, durableObjects, env } = await loadClasses();
  const make = async (Class) => {
    const state = fakeState("bench");
    const object = new Class(state, {});
    await state.loaded;
    return object;
  };
  const dorm = await make(Counter);
  const hand = await make(HandCounter);
  const loop = (object, method) => () => {
    const t0 = performance.now();
    if (method === "increment") for (let i = 0; i < calls; i++) object.increment(1);
    else for (let i = 0; i < calls; i++) object.get();
    return performance.now() - t0;
  };
  const results = [];
  for (const method of ["increment", "get"]) {
    loop(dorm, method)();
    loop(hand, method)();
    const [d, h] = await interleave(rounds, loop(dorm, method), loop(hand, method));
    const ns = (ms) => (ms * 1e6) / calls;
    results.push({ method, calls, rounds, dormNs: ns(median(d)), handNs: ns(median(h)), extraNs: ns(median(d)) - ns(median(h)) });
  }

  const stub = {};
  env.COUNTER = { idFromName: () => ({}), getByName: () => stub, get: () => stub };
  let sink;
  const viaAccessor = () => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) sink = durableObjects.counter.get("bench");
    return performance.now() - t0;
  };
  const viaEnv = () => {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) sink = env.COUNTER.getByName("bench");
    return performance.now() - t0;
  };
  viaAccessor();
  viaEnv();
  if (sink !== stub) throw new Error("dispatch: the accessor did not return the namespace's stub");
  const [a, e] = await interleave(rounds, viaAccessor, viaEnv);
  const ns = (ms) => (ms * 1e6) / calls;
  results.push({ method: "stub lookup", calls, rounds, dormNs: ns(median(a)), handNs: ns(median(e)), extraNs: ns(median(a)) - ns(median(e)) });
  return results;
}
