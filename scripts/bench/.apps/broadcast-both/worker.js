// One worker that holds both sides of the broadcast benchmark, so that they share one isolate and
// one workerd process. Bundled by scripts/bench/broadcast.mjs with plain esbuild after `dorm build`:
//   - Fanout and the dorm worker (the default router) come from ../broadcast/dist/worker.js;
//   - PartyFanout and its worker come from ../broadcast-party/worker.ts.
// /objects/... is dorm's; everything else is partyserver's (?room=<name>).
import dormWorker, { Fanout } from "../broadcast/dist/worker.js";
import partyWorker, { PartyFanout } from "../broadcast-party/worker.ts";

export { Fanout, PartyFanout };

export default {
  fetch(request, env, ctx) {
    const url = new URL(request.url);
    return (url.pathname.startsWith("/objects/") ? dormWorker : partyWorker).fetch(request, env, ctx);
  },
};
