// One worker that holds both sides of the RPC benchmark, so that they share one isolate and one
// workerd process. Bundled by scripts/bench/rpc.mjs with plain esbuild after `dorm build`:
//   - Counter and the dorm worker come from ../rpc/dist/worker.js, exactly as dorm built it;
//   - HandCounter and the hand-written worker come from ../rpc-hand/worker.ts;
//   - TwinCounter is HandCounter's code under another name (.tmp/twin.ts, written by rpc.mjs).
// /drive?side=dorm|hand goes to that side's own worker. /duel runs both sides in one request;
// it takes both stubs from env (the accessor `durableObjects.counter.get(name)` returns the
// same native stub as env.COUNTER.getByName(name), and it is called once per request anyway).
import dormWorker, { Counter } from "../rpc/dist/worker.js";
import handWorker, { HandCounter } from "../rpc-hand/worker.ts";
import { TwinCounter } from "./.tmp/twin.ts";
import { duel } from "../shared/drive.ts";

export { Counter, HandCounter, TwinCounter };

const BINDINGS = { dorm: "COUNTER", hand: "HAND_COUNTER", twin: "TWIN_COUNTER" };

export default {
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/duel") {
      return duel(url, (side, name) => env[BINDINGS[side]].getByName(name));
    }
    return (url.searchParams.get("side") === "hand" ? handWorker : dormWorker).fetch(request, env, ctx);
  },
};
