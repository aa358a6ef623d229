// Fan-out over shards: one call per stub, a bounded number in flight, a deadline per attempt,
// retries, and one result per shard. A shard's failure is a result, never an exception: a
// broadcast that reaches 7 shards of 8 must say so, not throw away the 7.
import { DormError } from "../errors.js";

/** How `federate` runs. Every member is optional. */
export interface FederateOptions {
  /**
   * At most this many calls in flight at once (default 6, or `Infinity`). Six is what a Worker
   * invocation may have waiting for response headers at once on Cloudflare; more would queue on
   * the platform, where the queueing counts against `timeoutMs` without showing here.
   */
  concurrency?: number;
  /**
   * A call still pending after this many milliseconds is abandoned: its `signal` aborts and the
   * shard fails with `DORM_FEDERATE_TIMEOUT` (or is retried). Per attempt. Default 30,000;
   * `Infinity` waits for ever.
   */
  timeoutMs?: number;
  /** Extra attempts after a failure (default 0, at most 10). */
  retries?: number;
  /** Wait before retry n (1, 2, …): `retryDelayMs × 2^(n−1)` milliseconds. Default 50. */
  retryDelayMs?: number;
  /**
   * Whether a failed attempt is worth another (if retries remain). Default: every failure except
   * errors Cloudflare marks `overloaded` (retrying those adds to the overload).
   */
  shouldRetry?: (error: Error, attempt: number) => boolean;
  /** Cancels the whole fan-out: calls in flight see their signal abort, shards not yet called fail. */
  signal?: AbortSignal;
  /**
   * Reject with `DORM_FEDERATE_FAILED` (a `FederateError`, whose `results` hold every outcome)
   * when any call failed, instead of resolving with the results. Default `true` for the
   * `federate(namespace, names, fn)` form (ported code awaits it and inspects nothing), `false`
   * for `federate(stubs, fn)`.
   */
  throwOnFailure?: boolean;
}

/** What the callback gets besides the stub and shard number. */
export interface FederateCall {
  /** Aborts when this attempt times out or the fan-out is cancelled; pass it on (e.g. to `fetch`). */
  readonly signal: AbortSignal;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
}

/** One shard's outcome. `shard` is the stub's position in `stubs` (with `shards(n)`, its shard number). */
export type FederateResult<T> =
  | { readonly shard: number; readonly ok: true; readonly value: T; readonly attempts: number }
  | {
      readonly shard: number;
      readonly ok: false;
      readonly error: Error;
      readonly attempts: number;
      /** The last attempt ran out of time (its error is `DORM_FEDERATE_TIMEOUT`). */
      readonly timedOut: boolean;
    };

const DEFAULTS = { concurrency: 6, timeoutMs: 30_000, retries: 0, retryDelayMs: 50 };
const MAX_RETRIES = 10;
const KNOWN = new Set(["concurrency", "timeoutMs", "retries", "retryDelayMs", "shouldRetry", "signal", "throwOnFailure"]);

interface Settings {
  concurrency: number;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  shouldRetry: (error: Error, attempt: number) => boolean;
  signal: AbortSignal | undefined;
  throwOnFailure: boolean;
}

const bad = (message: string): DormError => new DormError("DORM_BAD_FEDERATE_OPTIONS", `federate: ${message}`);

function checkOptions(options: FederateOptions | undefined, throwByDefault: boolean): Settings {
  if (options === undefined) options = {};
  if (typeof options !== "object" || options === null) throw bad(`options must be an object, got ${options === null ? "null" : typeof options}.`);
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw bad(`unknown option "${key}" (known: ${[...KNOWN].join(", ")}).`);
  }
  const s: Settings = {
    concurrency: options.concurrency ?? DEFAULTS.concurrency,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    retries: options.retries ?? DEFAULTS.retries,
    retryDelayMs: options.retryDelayMs ?? DEFAULTS.retryDelayMs,
    shouldRetry: options.shouldRetry ?? notOverloaded,
    signal: options.signal,
    throwOnFailure: options.throwOnFailure ?? throwByDefault,
  };
  if (!(s.concurrency === Infinity || (Number.isInteger(s.concurrency) && s.concurrency >= 1))) {
    throw bad(`concurrency must be an integer ≥ 1 (or Infinity), got ${String(s.concurrency)}.`);
  }
  if (typeof s.timeoutMs !== "number" || !(s.timeoutMs > 0)) {
    throw bad(`timeoutMs must be a number of milliseconds > 0 (or Infinity), got ${String(s.timeoutMs)}.`);
  }
  if (!Number.isInteger(s.retries) || s.retries < 0 || s.retries > MAX_RETRIES) {
    throw bad(`retries must be an integer from 0 to ${MAX_RETRIES}, got ${String(s.retries)}.`);
  }
  if (typeof s.retryDelayMs !== "number" || !Number.isFinite(s.retryDelayMs) || s.retryDelayMs < 0) {
    throw bad(`retryDelayMs must be a finite number ≥ 0, got ${String(s.retryDelayMs)}.`);
  }
  if (typeof s.shouldRetry !== "function") throw bad(`shouldRetry must be a function, got ${typeof s.shouldRetry}.`);
  if (s.signal !== undefined && !(s.signal instanceof AbortSignal)) throw bad("signal must be an AbortSignal.");
  if (typeof s.throwOnFailure !== "boolean") throw bad(`throwOnFailure must be true or false, got ${String(s.throwOnFailure)}.`);
  return s;
}

function notOverloaded(error: Error): boolean {
  return (error as { overloaded?: unknown }).overloaded !== true;
}

function asError(thrown: unknown, shard: number): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(`shard ${shard} failed with a non-Error value: ${String(thrown)}`, { cause: thrown });
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error; timedOut: boolean };

/** One attempt: the call, raced against its deadline and the fan-out's cancellation. */
function attemptOnce<S, T>(
  stub: S,
  shard: number,
  attempt: number,
  fn: (stub: S, shard: number, call: FederateCall) => T | Promise<T>,
  s: Settings,
  attempts: number,
): Promise<Outcome<T>> {
  const controller = new AbortController();
  return new Promise<Outcome<T>>((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (outcome: Outcome<T>): void => {
      if (timer !== undefined) clearTimeout(timer);
      s.signal?.removeEventListener("abort", onCancel);
      resolve(outcome);
    };
    const onCancel = (): void => {
      const error = cancelled(s.signal!, shard);
      controller.abort(error);
      settle({ ok: false, error, timedOut: false });
    };
    if (s.timeoutMs !== Infinity) {
      timer = setTimeout(() => {
        const error = new DormError(
          "DORM_FEDERATE_TIMEOUT",
          `federate: shard ${shard} did not answer within ${s.timeoutMs} ms (attempt ${attempt} of ${attempts}); the call was abandoned and its signal aborted.`,
        );
        controller.abort(error);
        settle({ ok: false, error, timedOut: true });
      }, s.timeoutMs);
    }
    s.signal?.addEventListener("abort", onCancel);
    // Calling inside then() turns a synchronous throw into a rejection like any other.
    Promise.resolve()
      .then(() => fn(stub, shard, { signal: controller.signal, attempt }))
      .then(
        (value) => settle({ ok: true, value }),
        (thrown: unknown) => settle({ ok: false, error: asError(thrown, shard), timedOut: false }),
      );
  });
}

function cancelled(signal: AbortSignal, shard: number): DormError {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
  return new DormError("DORM_FEDERATE_CANCELLED", `federate: the fan-out was cancelled before shard ${shard} finished (${reason}).`);
}

/** Waits `ms`, or less if the fan-out is cancelled meanwhile. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
  });
}

/** `shouldRetry`, where a throwing callback means "no": federate never rejects for a shard. */
function retryable(s: Settings, error: Error, attempt: number): boolean {
  try {
    return s.shouldRetry(error, attempt) === true;
  } catch {
    return false;
  }
}

async function runShard<S, T>(
  stub: S,
  shard: number,
  fn: (stub: S, shard: number, call: FederateCall) => T | Promise<T>,
  s: Settings,
): Promise<FederateResult<T>> {
  const attempts = s.retries + 1;
  for (let attempt = 1; ; attempt++) {
    if (s.signal?.aborted) {
      return { shard, ok: false, error: cancelled(s.signal, shard), attempts: attempt - 1, timedOut: false };
    }
    const outcome = await attemptOnce(stub, shard, attempt, fn, s, attempts);
    if (outcome.ok) return { shard, ok: true, value: outcome.value, attempts: attempt };
    const last = attempt >= attempts || s.signal?.aborted === true || !retryable(s, outcome.error, attempt);
    if (last) return { shard, ok: false, error: outcome.error, attempts: attempt, timedOut: outcome.timedOut };
    await pause(s.retryDelayMs * 2 ** (attempt - 1), s.signal);
  }
}

/** One named object's outcome, in the `federate(namespace, names, fn)` form: `shard` is the name's position. */
export type NamedFederateResult<T> = FederateResult<T> & { readonly name: string };

/**
 * What `federate` rejects with when `throwOnFailure` is on and a call failed. Nothing is lost:
 * `results` holds every outcome, those that succeeded too.
 */
export class FederateError<R = FederateResult<unknown>> extends DormError {
  readonly results: readonly R[];
  constructor(message: string, results: readonly R[]) {
    super("DORM_FEDERATE_FAILED", message);
    this.name = "FederateError";
    this.results = results;
  }
}

/** Anything that makes a stub from an object's name: a binding (`env.ROOMS`) or `durableObjects.room`. */
interface Namespace<Stub> {
  getByName(name: string): Stub;
}

const isNamespace = (value: unknown): value is Namespace<unknown> => typeof (value as { getByName?: unknown } | null)?.getByName === "function";

/** Run the calls over a list, `concurrency` lanes at a time; one result per item, in order. */
function fanOut<S, T>(list: readonly S[], fn: (stub: S, shard: number, call: FederateCall) => T | Promise<T>, s: Settings): Promise<FederateResult<Awaited<T>>[]> {
  const call = fn as (stub: S, shard: number, call: FederateCall) => Promise<Awaited<T>>;
  const results: FederateResult<Awaited<T>>[] = new Array(list.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < list.length) {
      const shard = next++;
      results[shard] = await runShard(list[shard]!, shard, call, s);
    }
  };
  return Promise.all(Array.from({ length: Math.min(s.concurrency, list.length) }, lane)).then(() => results);
}

/** The results, or a FederateError naming the failures when the settings say to throw. */
function settle<R extends FederateResult<unknown>>(results: R[], s: Settings, label: (r: R) => string): R[] {
  const failed = results.filter((r) => !r.ok);
  if (!s.throwOnFailure || failed.length === 0) return results;
  const shown = failed.slice(0, 5).map((r) => `${label(r)}: ${(r as { error: Error }).error.message}`);
  const more = failed.length > shown.length ? `; and ${failed.length - shown.length} more` : "";
  throw new FederateError(
    `federate: ${failed.length} of ${results.length} calls failed (${shown.join("; ")}${more}). error.results has every outcome; pass { throwOnFailure: false } to get them without a throw.`,
    results,
  );
}

function namesOf(names: unknown): string[] {
  if (typeof names === "string" || names === null || typeof names !== "object" || !(Symbol.iterator in names)) {
    throw bad(`the second argument must be a list of object names (["room:1", "room:2"]), got ${names === null ? "null" : typeof names}.`);
  }
  const list = Array.from(names as Iterable<unknown>);
  const wrong = list.find((name) => typeof name !== "string");
  if (wrong !== undefined) throw bad(`every name must be a string, got ${typeof wrong} (${String(wrong)}).`);
  return list as string[];
}

/**
 * Calls `fn` once per stub, at most `concurrency` at a time, and resolves with one result per
 * stub, in order: `{ shard, ok: true, value }` or `{ shard, ok: false, error }`. It never rejects
 * because a shard failed, timed out or was cancelled (unless `throwOnFailure`); it throws only
 * for bad arguments.
 *
 * The second form takes a namespace and object names, in ws-kit's order
 * (`federate(env.ROOMS, ["room:1", "room:2"], (room) => ...)`), reaches each by name, and
 * rejects with `DORM_FEDERATE_FAILED` when any call failed, so that `await federate(...)` never
 * passes over a failed room (see `throwOnFailure`).
 *
 * @example
 * const results = await federate(durableObjects.room.shards(8), (room) => room.announce(text), {
 *   concurrency: 4,
 *   timeoutMs: 2_000,
 * });
 * const failed = results.filter((r) => !r.ok); // [{ shard: 3, ok: false, error, ... }]
 *
 * @example
 * await federate(env.ROOMS, ["room:1", "room:2", "room:3"], (room) => room.fetch("https://internal/announce", { method: "POST" }));
 */
export function federate<S, T>(
  stubs: Iterable<S> | ArrayLike<S>,
  fn: (stub: S, shard: number, call: FederateCall) => T | Promise<T>,
  options?: FederateOptions,
): Promise<FederateResult<Awaited<T>>[]>;
export function federate<Stub, T>(
  namespace: Namespace<Stub>,
  names: Iterable<string>,
  fn: (stub: Stub, name: string, call: FederateCall) => T | Promise<T>,
  options?: FederateOptions,
): Promise<NamedFederateResult<Awaited<T>>[]>;
export function federate(first: unknown, second: unknown, third?: unknown, fourth?: unknown): Promise<unknown[]> {
  if (isNamespace(first) && typeof second !== "function") {
    const names = namesOf(second);
    if (typeof third !== "function") throw bad(`the third argument must be a function (stub, name, { signal, attempt }) => …, got ${typeof third}.`);
    const s = checkOptions(fourth as FederateOptions | undefined, true);
    const fn = third as (stub: unknown, name: string, call: FederateCall) => unknown;
    const stubs = names.map((name) => first.getByName(name));
    return fanOut(stubs, (stub, i, call) => fn(stub, names[i]!, call), s).then((results) =>
      settle(
        results.map((r) => ({ ...r, name: names[r.shard]! })),
        s,
        (r) => `"${r.name}"`,
      ),
    );
  }
  const stubs = first;
  if (isNamespace(stubs)) {
    throw bad("a namespace needs the names to reach: federate(env.ROOMS, [\"room:1\", \"room:2\"], fn), or its shards: federate(durableObjects.room.shards(n), fn).");
  }
  if (stubs === null || typeof stubs !== "object") {
    throw bad(`stubs must be an array of stubs (durableObjects.room.shards(n)), got ${stubs === null ? "null" : typeof stubs}.`);
  }
  if (typeof second !== "function") throw bad(`the second argument must be a function (stub, shard, { signal, attempt }) => …, got ${typeof second}.`);
  const s = checkOptions(third as FederateOptions | undefined, false);
  return fanOut(Array.from(stubs as Iterable<unknown>), second as (stub: unknown, shard: number, call: FederateCall) => unknown, s).then((results) =>
    settle(results, s, (r) => `shard ${r.shard}`),
  );
}
