// Small statistics helpers for the benchmark tables.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Run each function `rounds` times, one of each per round, rotating which goes first (AB, BA,
 * …), so that none always runs warmer or colder and slow spells of a busy machine hit all of
 * them. Returns one list of results per function.
 */
export async function interleave(rounds, ...fns) {
  const results = fns.map(() => []);
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < fns.length; k++) {
      const j = (i + k) % fns.length;
      results[j].push(await fns[j](i));
    }
  }
  return results;
}

export function fmt(value, digits = 2) {
  return value.toFixed(digits);
}

/** A plain-text table: `rows` are arrays of cells; the first row is the header. */
export function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  const line = (r) => r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join("  ");
  return [line(rows[0]), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}
