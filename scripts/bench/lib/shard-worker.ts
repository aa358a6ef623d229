// A worker that times nothing itself (Date.now() does not advance during pure computation in
// workerd): GET /?fn=shardFor&shape=short&count=200000&shards=64 runs the loop, Node times the
// request, and subtracts the same request with fn=none.
import { loop, makeKeys, type FunctionName, type KeyShape } from "./shard-fns.js";

const keys = new Map<KeyShape, string[]>();

export default {
  fetch(request: Request): Response {
    const url = new URL(request.url);
    const shape = url.searchParams.get("shape") as KeyShape;
    let list = keys.get(shape);
    if (!list) keys.set(shape, (list = makeKeys(shape, 100_000)));
    const sum = loop(url.searchParams.get("fn") as FunctionName | "none", list, Number(url.searchParams.get("count")), Number(url.searchParams.get("shards")));
    return Response.json({ sum });
  },
};
