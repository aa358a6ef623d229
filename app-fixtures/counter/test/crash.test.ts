import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { cp, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { miniflareOptions } from "../../../packages/build/src/local.js";
import { DEV_CONFIG_FILE } from "../../../packages/build/src/outputs.js";
import { lineReader } from "../../../packages/build/test/line-reader.js";
import { until } from "../../../packages/dorm/test/until.js";

// Crash test: `dorm dev` serves the counter app; while 2,000 increments are in flight its
// workerd is killed with SIGKILL (no shutdown, no flush). A new workerd on the same storage
// must hold every increment that was acknowledged, and none that was never sent.

const APP = fileURLToPath(new URL("..", import.meta.url));
const REPO = join(APP, "../..");
const TOTAL = 2_000;
const KILL_AFTER_ACKS = 400;
const IN_FLIGHT = 16;

// A copy of the app, so that dev's storage (<root>/.wrangler/state/v3) is this test's own.
const root = join(REPO, ".tmp/crash", randomUUID());
let dev: ChildProcess | undefined;

/** The pids of `parent`'s children named `name`, from /proc (Linux). */
async function childrenNamed(parent: number, name: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // "pid (comm) state ppid ...": comm may hold spaces, so split after its closing paren.
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const ppid = Number(stat.slice(close + 2).split(" ")[1]);
    if (ppid === parent && comm === name) found.push(Number(entry));
  }
  return found;
}

beforeAll(async () => {
  for (const entry of ["app", "wrangler.jsonc", "dorm.migrations.json"]) await cp(join(APP, entry), join(root, entry), { recursive: true });
});

afterAll(async () => {
  if (dev && dev.exitCode === null && dev.signalCode === null) dev.kill("SIGKILL");
  await rm(root, { recursive: true, force: true });
});

describe("crash: workerd killed with SIGKILL mid-stream", () => {
  it("keeps every acknowledged increment after a restart on the same storage", async () => {
    dev = spawn(process.execPath, [join(REPO, "packages/build/bin/dorm.js"), "dev", "--root", root, "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    dev.stderr!.resume();
    const [, url] = await lineReader(dev).next(/serving .* at (http:\/\/\S+)/);
    const [workerd] = await until(() => childrenNamed(dev!.pid!, "workerd"), (pids) => pids.length === 1, 10_000);

    let next = 0;
    let acked = 0;
    let maxAckedValue = 0;
    let failed = 0;
    let sentBeforeKill = 0;
    let killed = false;
    const worker = async () => {
      while (next < TOTAL) {
        next++;
        try {
          const response = await fetch(`${url}counter/crash/increment`, { method: "POST" });
          const body = (await response.json()) as { value: number };
          if (response.status === 200) {
            acked++;
            maxAckedValue = Math.max(maxAckedValue, body.value);
          } else failed++;
        } catch {
          failed++;
        }
        if (!killed && acked >= KILL_AFTER_ACKS) {
          killed = true;
          // Everything started so far may have reached workerd; nothing started later can.
          sentBeforeKill = next;
          process.kill(workerd!, "SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    expect(killed).toBe(true);
    // The dev server has lost its runtime; it goes too (by its own pid).
    const exited = new Promise((r) => dev!.once("exit", r));
    dev.kill("SIGKILL");
    await exited;

    // The build dorm dev was serving (it lives under .wrangler/dorm-dev/, never in dist/).
    const mf = new Miniflare(await miniflareOptions(root, { config: DEV_CONFIG_FILE, persistTo: join(root, ".wrangler/state/v3") }));
    try {
      const ns = await mf.getDurableObjectNamespace("COUNTER");
      const counter = ns.get(ns.idFromName("crash")) as unknown as { get(): Promise<number> };
      const stored = await counter.get();
      console.log(`crash test: sent ${TOTAL}, ${sentBeforeKill} before the kill, acknowledged ${acked} (highest value ${maxAckedValue}), failed ${failed}; stored after restart ${stored}`);
      expect(acked + failed).toBe(TOTAL);
      expect(stored).toBeGreaterThanOrEqual(acked);
      expect(stored).toBeGreaterThanOrEqual(maxAckedValue);
      expect(stored).toBeLessThanOrEqual(sentBeforeKill);
    } finally {
      await mf.dispose();
    }
  });
});
