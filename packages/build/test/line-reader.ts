import type { ChildProcess } from "node:child_process";

/** Lines a process prints, awaited one pattern at a time (the dev server says what it did). */
export function lineReader(process: ChildProcess) {
  const lines: string[] = [];
  let partial = "";
  let exited = false;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  process.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
    wake();
  });
  process.once("exit", () => {
    exited = true;
    wake();
  });
  return {
    async next(pattern: RegExp): Promise<RegExpExecArray> {
      for (;;) {
        const index = lines.findIndex((line) => pattern.test(line));
        if (index >= 0) return pattern.exec(lines.splice(0, index + 1)[index]!)!;
        if (exited) throw new Error(`dorm dev exited before printing ${pattern}`);
        await new Promise<void>((resolve) => {
          const waiter = () => {
            waiters.delete(waiter);
            resolve();
          };
          waiters.add(waiter);
        });
      }
    },
  };
}
