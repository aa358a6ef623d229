import { describe, expect, it } from "vitest";
import { groupDigits } from "./digits.js";

describe("groupDigits", () => {
  it.each([
    [0, "0"],
    [999, "999"],
    [1000, "1,000"],
    [131072, "131,072"],
    [2_000_000, "2,000,000"],
    [-1234567, "-1,234,567"],
    [1234.5678, "1,234.5678"],
  ])("%d → %s, as en-US writes it", (n, text) => {
    expect(groupDigits(n)).toBe(text);
    expect(groupDigits(n)).toBe(n.toLocaleString("en-US", { maximumFractionDigits: 20 }));
  });
});
