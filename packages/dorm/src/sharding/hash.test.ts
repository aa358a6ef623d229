import { describe, expect, it } from "vitest";
import { xxh64 } from "./hash.js";
import { xxh64Reference } from "./reference.js";
import { random } from "./testing.js";

const hex = (h: bigint): string => h.toString(16).padStart(16, "0");

describe("xxh64", () => {
  it("matches published XXH64 values (seed 0 and seeded; 0, 1, 3, 31, 32, 33 and 60 bytes; UTF-8)", () => {
    // Values printed by the reference xxHash implementation, as other implementations test them.
    const seed0: [string, string][] = [
      ["", "ef46db3751d8e999"],
      ["a", "d24ec4f1a98c6e5b"],
      ["abc", "44bc2cf5ad770999"],
      ["abcdefghijklmnopqrstuvwxyz12345", "467605901b01d6f6"],
      ["abcdefghijklmnopqrstuvwxyz123456", "0022ee3b5a18531b"],
      ["abcdefghijklmnopqrstuvwxyz1234567", "23bbd16d29353c5f"],
      ["测试", "403d66837e9bc61f"],
      ["鹅鹅鹅，曲项向天歌。白毛浮绿水，红掌拨清波", "497ad04e6a197d28"],
    ];
    for (const [input, expected] of seed0) expect(hex(xxh64(input)), JSON.stringify(input)).toBe(expected);
    expect(hex(xxh64("", 668718853))).toBe("04e830582a31a119");
    expect(hex(xxh64("a", 191961062n))).toBe("6e05ba2887c97977");
    expect(hex(xxh64("abcdefghijklmnopqrstuvwxyz12345", 877380273))).toBe("37b562ec5715e132");
    expect(hex(xxh64("测试", 1332727061))).toBe("8b79d3346ad56ea2");
  });

  it("the 32-bit-halves code equals the BigInt transcription for every length 0–200 and random seeds", () => {
    const next = random(1);
    for (let len = 0; len <= 200; len++) {
      for (let trial = 0; trial < 5; trial++) {
        const bytes = Uint8Array.from({ length: len }, () => Math.floor(next() * 256));
        const seed = (BigInt(Math.floor(next() * 2 ** 32)) << 32n) | BigInt(Math.floor(next() * 2 ** 32));
        expect(xxh64(bytes, seed)).toBe(xxh64Reference(bytes, seed));
      }
    }
  });

  it("hashes a string as its UTF-8 bytes, like TextEncoder (lone surrogates as U+FFFD)", () => {
    const encode = (s: string) => new TextEncoder().encode(s);
    for (const s of ["café", "🙂 room", "\u{10ffff}", "x".repeat(1000) + "é", "\ud800", "a\udc00b"]) {
      expect(xxh64(s)).toBe(xxh64(encode(s)));
    }
    expect(xxh64("\ud800")).toBe(xxh64("\ufffd"));
    // The shared buffer grows and shrinks back to a short key without leaking old bytes.
    const short = xxh64("ab");
    xxh64("z".repeat(5000));
    expect(xxh64("ab")).toBe(short);
  });

  it("a key longer than any before (the shared buffer grows during the call) hashes right", () => {
    for (let len = 50; len <= 20_000; len = Math.ceil(len * 1.7)) {
      const ascii = "k".repeat(len);
      expect(xxh64(ascii), `ascii ${len}`).toBe(xxh64Reference(ascii));
      const wide = "é".repeat(len * 2);
      expect(xxh64(wide), `utf-8 ${len}`).toBe(xxh64Reference(wide));
    }
  });

  it("rejects what it cannot hash", () => {
    expect(() => xxh64(12 as unknown as string)).toThrow(/DORM_BAD_KEY.*string or a Uint8Array/);
    expect(() => xxh64("a", 1.5)).toThrow(/DORM_BAD_SEED/);
  });
});
