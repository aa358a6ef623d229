import { ALARMS } from "../object/context.js";
import type { ObjectHost } from "../object/host.js";

// What `@dorm/testing` reaches inside an object. Only the test build's entry imports this
// module (each class gets a `__dormTest` method); `dorm build` output never contains it.

/** An error on its way to Node: what RPC would keep of it, plus the object's stack. */
export interface TestError {
  /** The built-in constructor RPC rebuilds it with: `Error`, `TypeError`, `RangeError`… */
  readonly type: string;
  readonly message: string;
  /** Own enumerable properties (a `name` or `code` set in a constructor…), which RPC carries over too. */
  readonly properties: Record<string, unknown>;
  /** The stack inside the object, for the test's failure message. */
  readonly stack: string | undefined;
}

export type TestResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: TestError };

export interface AlarmsRun {
  /** Schedules and alarms that ran. */
  readonly ran: number;
  /** Of those, how many threw (they stay scheduled for their retry). */
  readonly failed: number;
}

const BUILT_IN_ERRORS = new Set(["Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError"]);

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

/** Describe a thrown value the way Durable Object RPC converts it for a caller (Node rebuilds it from this). */
export function describeError(thrown: unknown): TestError {
  if (!(thrown instanceof Error)) return { type: "Error", message: String(thrown), properties: {}, stack: undefined };
  let type = "Error";
  for (let proto = Object.getPrototypeOf(thrown); proto; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: string } }).constructor?.name;
    if (name && BUILT_IN_ERRORS.has(name)) {
      type = name;
      break;
    }
  }
  const properties: Record<string, unknown> = {};
  for (const key of Object.keys(thrown)) {
    const value = (thrown as unknown as Record<string, unknown>)[key];
    if (key !== "stack" && key !== "message" && cloneable(value)) properties[key] = value;
  }
  return { type, message: thrown.message, properties, stack: thrown.stack };
}

/**
 * Call one of the class's methods in the object itself, so that an error keeps the object's
 * stack (RPC would replace it with the caller's). What reaches Node is still what RPC carries:
 * arguments and the result cross RPC into and out of the hook, and the error is described the
 * way RPC converts it (built-in class, message, own properties).
 */
async function call(instance: object, methods: readonly string[], method: unknown, args: unknown): Promise<TestResult> {
  if (typeof method !== "string" || !methods.includes(method)) {
    // Word for word what workerd answers a call to a method the class does not have.
    return { ok: false, error: describeError(new TypeError(`The RPC receiver does not implement the method "${String(method)}".`)) };
  }
  try {
    const fn = (instance as Record<string, (...a: unknown[]) => unknown>)[method]!;
    return { ok: true, value: await fn.apply(instance, Array.isArray(args) ? args : []) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

async function runAlarms(host: ObjectHost): Promise<AlarmsRun> {
  const scheduled = await host.ctx[ALARMS]?.scheduler?.runPending();
  if (scheduled) return scheduled;
  // No schedule table (a KV-backed object, or one that never scheduled): the platform alarm alone.
  const storage = host.ctx.raw.storage;
  const at = await storage.getAlarm();
  if (at === null) return { ran: 0, failed: 0 };
  await storage.deleteAlarm();
  try {
    await host.alarm({ scheduledTime: at, retryCount: 0, isRetry: false });
    return { ran: 1, failed: 0 };
  } catch {
    // As the platform would: the alarm stays, to be retried.
    await storage.setAlarm(at);
    return { ran: 1, failed: 1 };
  }
}

/**
 * The `__dormTest(op, ...args)` method of a test build's classes.
 *   "call", method, args → runs a method, returning its error instead of throwing it (miniflare's
 *                          Node-side proxy turns a rejected RPC call into "false == true")
 *   "alarms"             → runs every pending schedule and alarm now
 */
export function testHook(instance: object, host: ObjectHost, methods: readonly string[], op: string, args: readonly unknown[]): Promise<TestResult | AlarmsRun> {
  if (op === "call") return call(instance, methods, args[0], args[1]);
  if (op === "alarms") return runAlarms(host);
  return Promise.reject(new TypeError(`__dormTest: unknown operation "${op}"`));
}
