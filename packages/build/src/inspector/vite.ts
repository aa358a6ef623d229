import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { ViteDevServer } from "vite";
import { refusal } from "../../../dorm/src/dev/auth.js";
import { DEV_PREFIX, HOST_PREFIX, INSPECTOR_PATH, inspectorUrl, TOKEN_BINDING } from "../../../dorm/src/dev/board.js";
import { INSTANCE_NAMES_FILE, removeDevState, writeDevState } from "../cli/dev-state.js";
import { inspectorHost } from "./host.js";
import { storedInstances } from "./known.js";
import { NameBook } from "./names.js";

// The inspector in `vite dev`: the dev build runs in the Cloudflare plugin's workerd, and Vite's
// own Node server stands in front of it, so the page and the Node side are served from there.

/** One token per process: Vite restarts the server (and the plugin) when the bindings change. */
export const VITE_DEV_TOKEN = randomBytes(24).toString("base64url");

/** Where the Cloudflare plugin keeps state by default: the folder `dorm dev` uses too. */
const PERSIST_DIR = ".wrangler/state/v3";

/** The config the Cloudflare plugin reads, with this run's token as a var (in every environment). */
export function withDevToken(configText: string, token: string): string {
  const config = JSON.parse(configText) as { vars?: Record<string, unknown>; env?: Record<string, { vars?: Record<string, unknown> }> };
  config.vars = { ...config.vars, [TOKEN_BINDING]: token };
  // Environments do not inherit vars.
  for (const section of Object.values(config.env ?? {})) section.vars = { ...section.vars, [TOKEN_BINDING]: token };
  return `${JSON.stringify(config, null, 2)}\n`;
}

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`), {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
  } as RequestInit);
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

export interface ViteInspector {
  /** Call from the dorm plugin's `configureServer`. */
  install(server: ViteDevServer): void;
}

/**
 * The page and the Node side of the inspector as Vite middleware. Every `/__dorm/` request is
 * checked here (this run's token, from this machine); the page and the Node side are answered
 * here, the board and the instances' JSON by the dev build in the worker, which checks again.
 */
export function viteInspector(root: string, workerName: () => string, say: (text: string) => void): ViteInspector {
  const names = new NameBook(join(root, INSTANCE_NAMES_FILE));
  const host = inspectorHost({
    info: () => ({ server: "vite", app: workerName(), explorer: process.env.X_LOCAL_EXPLORER !== "false" ? "/cdn-cgi/explorer/" : null }),
    known: () => storedInstances(join(root, PERSIST_DIR), workerName(), names),
    remember: (seen) => names.remember(seen),
    // Vite runs the app's modules one by one, with their own source maps: positions are the
    // app's already, as absolute paths; shown from the app's root, as dorm dev shows them.
    stacks: () => ({ map: (stack) => stack.replaceAll(`${root}/`, "") }),
  });
  return {
    install(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.startsWith(DEV_PREFIX)) return next();
        const request = toRequest(req);
        const refused = refusal(request, VITE_DEV_TOKEN, req.socket.remoteAddress ?? null);
        if (refused) return void send(res, refused);
        const { pathname } = new URL(request.url);
        if (pathname !== INSPECTOR_PATH && !pathname.startsWith(HOST_PREFIX)) return next();
        host(request).then((response) => send(res, response), next);
      });
      server.httpServer?.once("listening", () => {
        const address = server.httpServer?.address() as AddressInfo | null;
        if (!address) return;
        const hostname = address.family === "IPv6" ? (address.address === "::" ? "[::1]" : `[${address.address}]`) : address.address === "0.0.0.0" ? "127.0.0.1" : address.address;
        const url = `http://${hostname}:${address.port}/`;
        say(`dorm: inspector at ${inspectorUrl(url, VITE_DEV_TOKEN)}`);
        // `dorm status` finds this server as it finds dorm dev.
        void writeDevState(root, { url, token: VITE_DEV_TOKEN, pid: process.pid });
        server.httpServer?.once("close", () => void removeDevState(root));
      });
    },
  };
}
