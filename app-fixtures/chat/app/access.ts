import { isSecret } from "./secret.js";

/** Who may read a room or join it. One rule, checked by the WebSocket (`connect`) and by every HTTP route that reads a room. */
export type Access = { ok: true } | { ok: false; status: 401 | 403 | 503; message: string };

/**
 * Rooms named staff-* are for staff: they need `?key=` with the STAFF_KEY secret (set it with
 * `wrangler secret put STAFF_KEY`; locally, in .dev.vars). Without the secret, staff rooms are
 * closed to everyone. Every other room is public.
 */
export async function roomAccess(room: string, key: string | null, env: { STAFF_KEY?: string }): Promise<Access> {
  if (!room.startsWith("staff-")) return { ok: true };
  if (!env.STAFF_KEY) return { ok: false, status: 503, message: "staff rooms are closed: this deployment has no STAFF_KEY secret" };
  if (!key) return { ok: false, status: 401, message: "staff rooms need ?key=" };
  if (!(await isSecret(key, env.STAFF_KEY))) return { ok: false, status: 403, message: "wrong key for a staff room" };
  return { ok: true };
}
