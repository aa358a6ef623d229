import { TOKEN_PARAM } from "./board.js";

// Who may read the dev endpoints: a client on this machine, naming this machine, with this run's
// token. Pure (URL and Headers only): the dev build and the Vite plugin's middleware share it.

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6. */
export function isLoopbackAddress(address: string): boolean {
  const ip = address.replace(/^::ffff:/i, "");
  return ip === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/** A Host header naming this machine (`localhost:8787`, `127.0.0.1`, `[::1]:5173`, `app.localhost`). */
export function isLoopbackHost(host: string): boolean {
  const name = host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.replace(/:\d+$/, "");
  const lower = name.toLowerCase();
  return LOOPBACK_NAMES.has(lower) || lower.endsWith(".localhost") || isLoopbackAddress(lower);
}

/** The token a request carries: `authorization: Bearer <token>`, or `?token=` (the printed URL). */
export function tokenOf(request: Request): string {
  const bearer = /^Bearer (.+)$/.exec(request.headers.get("authorization") ?? "")?.[1];
  return bearer ?? new URL(request.url).searchParams.get(TOKEN_PARAM) ?? "";
}

/** Compares in time independent of where the strings differ. */
export function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

const refuse = (status: number, code: string, message: string) => Response.json({ error: { code, message } }, { status, headers: { "cache-control": "no-store" } });

/**
 * Null when the request may read the dev endpoints, else the answer to give it. `client` is the
 * address the request came from, as the server knows it (miniflare passes it on as
 * CF-Connecting-IP); the Host header must name this machine too, so a web page on another
 * origin cannot reach the endpoints by rebinding its name to 127.0.0.1.
 */
export function refusal(request: Request, token: string, client: string | null): Response | null {
  if (client !== null && client !== "" && !isLoopbackAddress(client)) {
    return refuse(403, "DORM_NOT_LOOPBACK", `the dev endpoints answer only on this machine (loopback); this request came from ${client}.`);
  }
  const host = request.headers.get("host") ?? new URL(request.url).host;
  if (!isLoopbackHost(host)) {
    return refuse(403, "DORM_NOT_LOOPBACK", `the dev endpoints answer only to requests for this machine (localhost, 127.0.0.1, [::1]); this one names "${host}".`);
  }
  if (!sameToken(tokenOf(request), token)) {
    return refuse(
      401,
      "DORM_BAD_TOKEN",
      `send this dev run's token: open the inspector URL dorm dev printed, or send authorization: Bearer <token> (the token is in .wrangler/dorm/dev.json).`,
    );
  }
  return null;
}
