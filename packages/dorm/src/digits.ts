/**
 * A number with its digits grouped by thousands, for messages: `groupDigits(131072)` is
 * `"131,072"`. Not `toLocaleString`: in workerd, the first use of `Intl` loads ICU's number data,
 * which made the counter app's cold start about 20 ms slower when one message text was built
 * at module load (docs/benchmarks.md, cold start). The runtime never touches `Intl`
 * (packages/build/test/size-budget.test.ts checks the bundles).
 */
export function groupDigits(n: number): string {
  const [whole = "", fraction] = String(n).split(".");
  return whole.replace(/\B(?=(\d{3})+$)/g, ",") + (fraction === undefined ? "" : `.${fraction}`);
}
