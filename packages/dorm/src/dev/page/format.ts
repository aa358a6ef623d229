// How figures read on the page. Pure.

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return "–";
  return value < 10 ? `${value.toFixed(value % 1 === 0 ? 0 : 2)} ms` : `${Math.round(value)} ms`;
}

export function count(value: number): string {
  return value.toLocaleString("en-US");
}

export function rate(perSecond: number): string {
  return perSecond === 0 ? "0" : perSecond < 10 ? perSecond.toFixed(1) : String(Math.round(perSecond));
}

/** "just now", "12 s ago", "5 min ago", "3 h ago". */
export function ago(at: number | null, now: number): string {
  if (at === null) return "never";
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 2) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

/** "in 12 s", "in 5 min", "overdue". */
export function until(at: number, now: number): string {
  const s = Math.round((at - now) / 1000);
  if (s <= 0) return "due now";
  if (s < 60) return `in ${s} s`;
  if (s < 3600) return `in ${Math.floor(s / 60)} min`;
  if (s < 86_400) return `in ${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `in ${Math.floor(s / 86_400)} d`;
}

export function clock(at: number): string {
  return new Date(at).toLocaleTimeString("en-GB", { hour12: false });
}

export function shortId(id: string): string {
  return `${id.slice(0, 8)}…${id.slice(-4)}`;
}

/** The first frame of a stack in the app's own files (`app/objects/counter.ts:5:17`), if any. */
export function appFrame(stack: string): string | null {
  for (const match of stack.matchAll(/\(?((?:[\w@.-]+\/)*[\w@.-]+\.(?:ts|tsx|js|mjs|jsx)):(\d+):(\d+)\)?/g)) {
    const file = match[1]!;
    // dorm's runtime ships without source maps: its frames name dorm/dist/ (node_modules/dorm/dist/ when installed).
    if (file.includes("node_modules") || file.includes("/dorm/dist/") || file.includes("/dorm/src/") || file.startsWith("dist/") || file.startsWith(".wrangler/") || file.startsWith(".dorm/")) continue;
    return `${file}:${match[2]}:${match[3]}`;
  }
  return null;
}
