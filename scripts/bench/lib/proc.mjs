// CPU time of the workerd process Miniflare started (Linux /proc), to see what a side costs the
// server apart from what Node spends receiving.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function stat(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name is in parentheses and may hold spaces; the fields after it are fixed.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  return { comm: text.slice(text.indexOf("(") + 1, text.lastIndexOf(")")), ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12]) };
}

/** The workerd processes whose parent is this Node process; null where /proc is missing. */
export function workerdPids() {
  try {
    return readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .filter((pid) => {
        try {
          const s = stat(pid);
          return s.comm === "workerd" && s.ppid === process.pid;
        } catch {
          return false;
        }
      });
  } catch {
    return null;
  }
}

/** User + system CPU milliseconds used so far by these processes. */
export function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const s = stat(pid);
    ticks += s.utime + s.stime;
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}
