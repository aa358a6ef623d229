import { DormError } from "../errors.js";

const REASONS: Record<number, string> = {
  400: "bad request",
  401: "not authenticated",
  403: "not allowed",
  404: "not found",
  409: "conflict",
  429: "too many connections",
};

/**
 * Refuse a WebSocket upgrade from `connect`: the client gets this status and no socket exists.
 * The body is `{ error: { code, message } }` JSON, like dorm's other refusals.
 *
 * @example
 * connect(request) {
 *   if (!request.headers.get("cookie")?.includes("session=")) return reject(401, "log in first");
 * },
 */
export function reject(status: 400 | 401 | 403 | 404 | 409 | 429 | number, message?: string): Response {
  if (!Number.isInteger(status) || status < 400 || status > 599) {
    throw new DormError("DORM_BAD_REJECT", `reject: the status must be a 4xx or 5xx code (401, 403, 429...), got ${status}.`);
  }
  const text = message ?? REASONS[status] ?? "refused";
  return Response.json({ error: { code: `HTTP_${status}`, message: text } }, { status });
}
