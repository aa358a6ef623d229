// The benchmark driver, shared by the dorm app and the hand-written one so both run the very
// same loop. It runs inside workerd: driving the calls from Node would time Miniflare's proxy.
// Date.now() in workerd only advances across I/O; every RPC call is I/O, so the elapsed time
// over a loop of awaited calls is real (rpc.mjs cross-checks it against Node's wall clock).

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

/**
 * `GET /duel?method=…&n=20000&batch=500&name=x` → `{ dorm: ms[], hand: ms[], control: ms[], twin: ms[] }`:
 * all sides in one request, in alternating batches of `batch` calls (rotating which goes
 * first), so that a slow spell of a busy machine hits them alike; n calls per side in all.
 * `control` is a second object of the hand-written class: hand vs control is an A/A
 * comparison, the noise floor of the method. `twin` is an object of a second class whose code
 * is the hand-written class's, renamed: twin vs hand is the spread between two classes that
 * differ in nothing but their name, as dorm's and the hand-written one differ in more.
 */
export async function duel(url: URL, stubFor: (side: "dorm" | "hand" | "twin", name: string) => CounterStub): Promise<Response> {
  const method = url.searchParams.get("method") ?? "increment";
  const n = Number(url.searchParams.get("n") ?? "1000");
  const batch = Number(url.searchParams.get("batch") ?? "500");
  if (method !== "increment" && method !== "get") return new Response(`unknown method ${method}`, { status: 400 });
  const name = url.searchParams.get("name") ?? "bench";
  const stubs = { dorm: stubFor("dorm", name), hand: stubFor("hand", name), control: stubFor("hand", `${name}-control`), twin: stubFor("twin", name) };
  const run = async (stub: CounterStub): Promise<number> => {
    const start = Date.now();
    if (method === "increment") for (let i = 0; i < batch; i++) await stub.increment(1);
    else for (let i = 0; i < batch; i++) await stub.get();
    return Date.now() - start;
  };
  const sides = ["dorm", "hand", "control", "twin"] as const;
  const times = { dorm: [] as number[], hand: [] as number[], control: [] as number[], twin: [] as number[] };
  for (let b = 0; b < n / batch; b++) {
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(b + k) % sides.length]!;
      times[side].push(await run(stubs[side]));
    }
  }
  return Response.json(times);
}
