// Pure aggregation for the dev status board: call records in, per-class summary out.
/** Calls kept per instance for latency and health. */
export const RECENT_CALLS = 256;
/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted, p) {
    if (sorted.length === 0)
        return 0;
    const rank = Math.ceil((p / 100) * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
export function latency(samples) {
    if (samples.length === 0)
        return null;
    const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
    const avg = sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length;
    return { avg: Math.round(avg * 100) / 100, p99: percentile(sorted, 99) };
}
/** ok: no recent errors; degraded: some; failing: most recent calls (or a stats read) failed. */
export function health(samples, unreachable) {
    if (samples.length === 0 && unreachable === 0)
        return "idle";
    const errors = samples.filter((s) => !s.ok).length;
    if (unreachable > 0 || (samples.length > 0 && errors * 2 > samples.length))
        return "failing";
    return errors > 0 ? "degraded" : "ok";
}
/** One ring buffer of recent calls. */
export class CallRing {
    samples = [];
    #next = 0;
    total = 0;
    errors = 0;
    add(sample) {
        this.total++;
        if (!sample.ok)
            this.errors++;
        if (this.samples.length < RECENT_CALLS)
            this.samples.push(sample);
        else
            this.samples[this.#next] = sample;
        this.#next = (this.#next + 1) % RECENT_CALLS;
    }
}
//# sourceMappingURL=stats.js.map