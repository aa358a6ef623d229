import { createServer } from "node:net";
import { BuildError } from "../errors.js";

/**
 * Fails at once when another server holds `host:port` (port 0 always passes: the system picks).
 * Checked before anything starts, because workerd itself only prints a stack and keeps running.
 */
export function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new BuildError("DORM_PORT_IN_USE", `port ${port} is in use; pass --port`, "stop the server holding it, or pass --port with another number (--port 0 picks a free one).")
          : new BuildError("DORM_PORT_UNAVAILABLE", `cannot listen on ${host}:${port}: ${error.message}`, "pass --port with another number (--port 0 picks a free one), or --host with an address of this machine."),
      );
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
