/** Reconnect timing: `false` turns reconnecting off. */
export interface ReconnectOptions {
  /** First delay, in ms. Default 250. */
  baseMs?: number;
  /** Longest delay, in ms. Default 10,000. */
  maxMs?: number;
  /** Give up (status `closed`) after this many failed attempts in a row. Default: never. */
  maxAttempts?: number;
}

/**
 * The delay before reconnect attempt `attempt` (0 for the first): exponential, capped, with
 * "equal jitter" (half fixed, half random) so that many clients dropped at once spread out
 * instead of reconnecting in lockstep, and none retries at once.
 */
export function backoffDelay(attempt: number, options: ReconnectOptions, random: () => number = Math.random): number {
  const base = options.baseMs ?? 250;
  const max = options.maxMs ?? 10_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
