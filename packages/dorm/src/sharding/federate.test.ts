import { describe, expect, it } from "vitest";
import { federate, FederateError, type FederateCall } from "./federate.js";

const shards = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i }));
/** Simulated work: resolves after `ms` on the timer queue. */
const work = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** Never settles unless the call's signal aborts (then rejects with its reason), like a fetch given the signal. */
const hang = (call: FederateCall) =>
  new Promise<never>((_, reject) => call.signal.addEventListener("abort", () => reject(call.signal.reason)));

describe("federate", () => {
  it("16 shards, concurrency 4: never more than 4 in flight; a hanging shard is a timeout; the rest succeed", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const aborted: number[] = [];
    const results = await federate(
      shards(16),
      async (stub, shard, call) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          if (shard === 5) {
            call.signal.addEventListener("abort", () => aborted.push(shard));
            await hang(call);
          }
          await work(1 + (shard % 3));
          return `delivered by ${stub.id}`;
        } finally {
          inFlight--;
        }
      },
      { concurrency: 4, timeoutMs: 100 },
    );
    console.log(`federate: 16 shards, concurrency 4 → at most ${maxInFlight} in flight`);
    expect(maxInFlight).toBe(4);
    expect(inFlight).toBe(0);
    expect(results.map((r) => r.shard)).toEqual([...Array(16).keys()]);
    const failed = results.filter((r) => !r.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ shard: 5, ok: false, timedOut: true, attempts: 1 });
    expect(!failed[0]!.ok && failed[0]!.error.message).toMatch(/DORM_FEDERATE_TIMEOUT.*shard 5 did not answer within 100 ms/);
    expect(aborted).toEqual([5]);
    for (const r of results) if (r.shard !== 5) expect(r).toEqual({ shard: r.shard, ok: true, value: `delivered by ${r.shard}`, attempts: 1 });
  });

  it("never rejects for a shard: a synchronous throw, a rejection and a non-Error each become a result", async () => {
    const results = await federate(shards(4), (_, shard) => {
      if (shard === 0) throw new Error("sync boom");
      if (shard === 1) return Promise.reject(new TypeError("async boom"));
      if (shard === 2) return Promise.reject("a string");
      return shard * 10;
    });
    expect(results[0]).toMatchObject({ ok: false, timedOut: false, error: { message: "sync boom" } });
    expect(results[1]).toMatchObject({ ok: false, error: { name: "TypeError", message: "async boom" } });
    expect(!results[2]!.ok && results[2]!.error).toMatchObject({ message: "shard 2 failed with a non-Error value: a string", cause: "a string" });
    expect(results[3]).toEqual({ shard: 3, ok: true, value: 30, attempts: 1 });
  });

  it("retries failures (with the attempt number), not overloaded errors nor what shouldRetry refuses", async () => {
    const seen: number[] = [];
    const flaky = await federate(
      shards(1),
      (_, __, { attempt }) => {
        seen.push(attempt);
        if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
        return "third time";
      },
      { retries: 2, retryDelayMs: 0 },
    );
    expect(flaky[0]).toEqual({ shard: 0, ok: true, value: "third time", attempts: 3 });
    expect(seen).toEqual([1, 2, 3]);

    const exhausted = await federate(shards(1), () => Promise.reject(new Error("down")), { retries: 1, retryDelayMs: 0 });
    expect(exhausted[0]).toMatchObject({ ok: false, attempts: 2, error: { message: "down" } });

    const overloaded = Object.assign(new Error("Durable Object is overloaded"), { overloaded: true });
    const notRetried = await federate(shards(1), () => Promise.reject(overloaded), { retries: 3, retryDelayMs: 0 });
    expect(notRetried[0]).toMatchObject({ ok: false, attempts: 1 });

    const refused = await federate(shards(1), () => Promise.reject(new Error("bad input")), {
      retries: 3,
      retryDelayMs: 0,
      shouldRetry: (error) => !error.message.includes("bad input"),
    });
    expect(refused[0]).toMatchObject({ ok: false, attempts: 1 });

    // A shouldRetry that throws is a "no", not a rejected fan-out.
    const throwing = await federate(shards(1), () => Promise.reject(new Error("x")), {
      retries: 3,
      shouldRetry: () => {
        throw new Error("bug in shouldRetry");
      },
    });
    expect(throwing[0]).toMatchObject({ ok: false, attempts: 1, error: { message: "x" } });
  });

  it("a timed-out attempt is retried with a fresh signal", async () => {
    const results = await federate(
      shards(2),
      (_, shard, call) => (shard === 1 && call.attempt === 1 ? hang(call) : `ok ${call.attempt}`),
      { timeoutMs: 50, retries: 1, retryDelayMs: 0 },
    );
    expect(results).toEqual([
      { shard: 0, ok: true, value: "ok 1", attempts: 1 },
      { shard: 1, ok: true, value: "ok 2", attempts: 2 },
    ]);
  });

  it("a call that ignores its signal cannot hold the fan-out past its deadline", async () => {
    const results = await federate(shards(3), (_, shard) => (shard === 1 ? new Promise(() => {}) : shard), { timeoutMs: 50, concurrency: 1 });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ timedOut: true });
  });

  it("the signal option cancels the fan-out: calls in flight abort, shards not yet called fail", async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const results = await federate(
      shards(4),
      (_, shard, call) => {
        started.push(shard);
        if (shard === 1) controller.abort(new Error("client went away"));
        return shard === 1 ? hang(call) : shard;
      },
      { concurrency: 1, signal: controller.signal },
    );
    expect(started).toEqual([0, 1]);
    expect(results[0]).toMatchObject({ ok: true, value: 0 });
    expect(results[1]).toMatchObject({ ok: false, timedOut: false, attempts: 1 });
    expect(!results[1]!.ok && results[1]!.error.message).toMatch(/DORM_FEDERATE_CANCELLED.*shard 1.*client went away/);
    expect(results[2]).toMatchObject({ ok: false, attempts: 0 });
    expect(results[3]).toMatchObject({ ok: false, attempts: 0 });
  });

  it("concurrency Infinity runs every call at once; any iterable works; none gives []", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const results = await federate(
      new Set(shards(16)),
      async (stub) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await work(1);
        inFlight--;
        return stub.id;
      },
      { concurrency: Infinity },
    );
    expect(maxInFlight).toBe(16);
    expect(results.map((r) => r.ok && r.value)).toEqual([...Array(16).keys()]);
    expect(await federate([], () => 1)).toEqual([]);
  });

  it("bad arguments throw at once, with what to pass instead", () => {
    const call = (options: unknown, stubs: unknown = [1], fn: unknown = () => 1) =>
      () => federate(stubs as number[], fn as () => number, options as never);
    expect(call({ timeout: 5 })).toThrow(/DORM_BAD_FEDERATE_OPTIONS.*unknown option "timeout".*timeoutMs/);
    expect(call({ concurrency: 0 })).toThrow(/concurrency must be an integer ≥ 1.*got 0/);
    expect(call({ concurrency: 2.5 })).toThrow(/concurrency/);
    expect(call({ timeoutMs: -1 })).toThrow(/timeoutMs must be a number of milliseconds > 0.*got -1/);
    expect(call({ timeoutMs: "5s" })).toThrow(/timeoutMs/);
    expect(call({ retries: 11 })).toThrow(/retries must be an integer from 0 to 10/);
    expect(call({ retryDelayMs: NaN })).toThrow(/retryDelayMs/);
    expect(call({ shouldRetry: true })).toThrow(/shouldRetry must be a function/);
    expect(call({ signal: {} })).toThrow(/signal must be an AbortSignal/);
    expect(call(5)).toThrow(/options must be an object, got number/);
    expect(call({}, null)).toThrow(/stubs must be an array of stubs.*got null/);
    expect(call({}, [1], "go")).toThrow(/second argument must be a function/);
    // undefined means "the default", as if the option were absent.
    expect(call({ timeoutMs: undefined, concurrency: undefined })).not.toThrow();
  });

  describe("federate(namespace, names, fn): ws-kit's order", () => {
    /** A namespace whose objects answer by name; "down:*" ones fail. */
    const namespace = {
      getByName: (name: string) => ({
        announce: async (text: string) => {
          if (name.startsWith("down:")) throw new Error(`${name} is down`);
          return `${name} got ${text}`;
        },
      }),
    };

    it("reaches each object by name and resolves with one result per name when all succeed", async () => {
      const results = await federate(namespace, ["room:1", "room:2"], (room, name) => room.announce(`hi ${name}`));
      expect(results).toEqual([
        { shard: 0, name: "room:1", ok: true, value: "room:1 got hi room:1", attempts: 1 },
        { shard: 1, name: "room:2", ok: true, value: "room:2 got hi room:2", attempts: 1 },
      ]);
    });

    it("a ported `await federate(...)` rejects when a room failed, naming it; error.results keeps every outcome", async () => {
      const error = await federate(namespace, new Set(["room:1", "down:2", "room:3"]), (room) => room.announce("x")).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FederateError);
      const failure = error as FederateError<{ name: string; ok: boolean }>;
      expect(failure.code).toBe("DORM_FEDERATE_FAILED");
      expect(failure.message).toMatch(/1 of 3 calls failed \("down:2": down:2 is down\).*throwOnFailure: false/);
      expect(failure.results.map((r) => [r.name, r.ok])).toEqual([
        ["room:1", true],
        ["down:2", false],
        ["room:3", true],
      ]);
      // Results instead of a throw, when asked; the stubs form may ask for the throw too.
      const settled = await federate(namespace, ["down:1", "room:2"], (room) => room.announce("x"), { throwOnFailure: false });
      expect(settled.map((r) => r.ok)).toEqual([false, true]);
      await expect(federate([namespace.getByName("down:9")], (room) => room.announce("x"), { throwOnFailure: true })).rejects.toThrow(/shard 0: down:9 is down/);
    });

    it("wrong shapes are refused at once: no names, names that are not strings, a namespace with only a function", () => {
      expect(() => federate(namespace, "room:1" as unknown as string[], () => 1)).toThrow(/DORM_BAD_FEDERATE_OPTIONS.*list of object names/);
      expect(() => federate(namespace, [1] as unknown as string[], () => 1)).toThrow(/every name must be a string/);
      expect(() => federate(namespace, ["a"], "go" as never)).toThrow(/third argument must be a function/);
      expect(() => federate(namespace as never, (() => 1) as never)).toThrow(/needs the names to reach/);
    });
  });
});
