import type { ChildProcess } from "node:child_process";

/**
 * The lines a process prints, stdout and stderr as one ordered list, awaited one pattern at a
 * time with a deadline: the dev server says what it did, so tests never guess with timers.
 */
export function lineReader(process: ChildProcess) {
  const lines: string[] = [];
  let exited = false;
  const waiters = new Set<() => void>();
  const wake = () => [...waiters].forEach((w) => w());
  for (const stream of [process.stdout, process.stderr]) {
    if (!stream) continue;
    let partial = "";
    stream.setEncoding("utf8").on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop()!;
      lines.push(...parts);
      wake();
    });
  }
  process.once("exit", () => {
    exited = true;
    wake();
  });
  return {
    /** Everything printed so far that `next` has not consumed. */
    pending: () => [...lines],
    /** The first line (from now on) matching `pattern`; the lines before it are consumed. */
    async next(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = lines.findIndex((line) => pattern.test(line));
        if (index >= 0) return pattern.exec(lines.splice(0, index + 1)[index]!)!;
        if (exited || Date.now() > deadline) {
          throw new Error(`the process ${exited ? "exited" : `did not print within ${timeoutMs} ms`} ${pattern}; it printed:\n${lines.join("\n")}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, deadline - Date.now() + 1);
          function done() {
            clearTimeout(timer);
            waiters.delete(done);
            resolve();
          }
          waiters.add(done);
        });
      }
    },
  };
}
