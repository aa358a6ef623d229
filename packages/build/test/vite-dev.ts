import { createServer as createNetServer } from "node:net";
import type { Logger } from "vite";

/** A port nobody listens on right now (Vite restarts the worker on the same port: strictPort). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer().once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Vite's messages, kept for assertions instead of printed. */
export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (msg: string) => void lines.push(msg);
  return { lines, info: keep, warn: keep, warnOnce: keep, error: keep, clearScreen: () => undefined, hasErrorLogged: () => false, hasWarned: false };
}
