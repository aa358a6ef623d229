import type { ClosedDetail } from "@dorm/client";

/**
 * A refused connection, in words: what happened and what to do. The statuses are the room's
 * access rule (../access.ts): 401 no key, 403 a wrong key, 503 staff rooms switched off because
 * the server has no STAFF_KEY. An empty string when the page itself closed the connection.
 */
export function refusal(detail: ClosedDetail | undefined): string {
  if (detail?.status === 401) return "This is a staff room: it needs the staff key. Open the page with ?key=<staff key> in its address, then join again.";
  if (detail?.status === 403) return "That staff key does not open this room. Check the key in the page's address (?key=…), then join again.";
  if (detail?.status === 503) return "Staff rooms are off: this server has no STAFF_KEY set, so no key opens them. Whoever runs it can set one (wrangler secret put STAFF_KEY); other rooms work as usual.";
  if (detail?.status) return `The room did not let you in${detail.message ? `: ${detail.message}` : ` (${detail.status})`}.`;
  if (detail?.byClient) return "";
  return `The connection closed${detail?.reason ? `: ${detail.reason}` : ""}. Join again to reconnect.`;
}
