// The benchmark driver, shared by the dorm app and the hand-written one so both run the very
// same loop. It runs inside workerd: driving the calls from Node would time Miniflare's proxy.
// Date.now() in workerd only advances across I/O; every RPC call is I/O, so the elapsed time
// over a loop of awaited calls is real (run.mjs cross-checks it against Node's wall clock).

/** The stub methods the driver calls; both Counter classes have them. */
export interface CounterStub {
  increment(by: number): Promise<number>;
  get(): Promise<number>;
}

/** `GET /drive?method=increment|get&n=20000&name=x` → `{ ms, calls, last }`. */
export async function drive(url: URL, stubFor: (name: string) => CounterStub): Promise<Response> {
  const method = url.searchParams.get("method") ?? "increment";
  const n = Number(url.searchParams.get("n") ?? "1000");
  const stub = stubFor(url.searchParams.get("name") ?? "bench");
  let last = 0;
  const start = Date.now();
  if (method === "increment") {
    for (let i = 0; i < n; i++) last = await stub.increment(1);
  } else if (method === "get") {
    for (let i = 0; i < n; i++) last = await stub.get();
  } else {
    return new Response(`unknown method ${method}`, { status: 400 });
  }
  const ms = Date.now() - start;
  return Response.json({ ms, calls: n, last });
}
