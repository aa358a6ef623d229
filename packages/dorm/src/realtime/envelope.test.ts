import { describe, expect, it } from "vitest";
import { malformedFrames } from "../../test/realtime/malformed.js";
import { exceedsBytes, findForbiddenKey, parseClientFrame } from "./envelope.js";

const MAX = 1024;

describe("parseClientFrame", () => {
  it("accepts an envelope with or without id and payload", () => {
    expect(parseClientFrame(`{"v":1,"type":"post","id":"a1","payload":{"text":"hi"}}`, MAX)).toEqual({
      ok: true,
      frame: { v: 1, type: "post", id: "a1", payload: { text: "hi" } },
    });
    expect(parseClientFrame(`{"v":1,"type":"typing"}`, MAX)).toEqual({ ok: true, frame: { v: 1, type: "typing" } });
    expect(parseClientFrame(`{"v":1,"type":"x","id":7}`, MAX)).toMatchObject({ ok: true, frame: { id: 7 } });
  });

  it("refuses every generated malformed frame the envelope can see, with the expected code", () => {
    // Type and schema checks need the object (they are tested in workerd); the rest is here.
    const objectLevel = new Set(["DORM_UNKNOWN_TYPE", "DORM_INVALID_PAYLOAD"]);
    const frames = malformedFrames(500, 7, { typed: "post", maxMessageBytes: MAX }).filter((f) => typeof f.frame === "string" && !objectLevel.has(f.code));
    expect(frames.length).toBeGreaterThan(300);
    for (const { kind, frame, code } of frames) {
      const parsed = parseClientFrame(frame as string, MAX);
      expect(parsed.ok, kind).toBe(false);
      if (!parsed.ok) expect(parsed.refusal.code, `${kind}: ${String(frame).slice(0, 80)}`).toBe(code);
    }
  });

  it("echoes a usable id on refusals after parsing, so a waiting call fails", () => {
    const parsed = parseClientFrame(`{"v":2,"type":"post","id":"c9"}`, MAX);
    expect(parsed).toMatchObject({ ok: false, refusal: { id: "c9", code: "DORM_BAD_VERSION" } });
    expect(parseClientFrame(`{"v":1,"type":"post","id":"c9","payload":{"constructor":1}}`, MAX)).toMatchObject({
      ok: false,
      refusal: { id: "c9", code: "DORM_FORBIDDEN_KEY", message: expect.stringContaining("payload.constructor") },
    });
  });

  it("does not confuse forbidden words in values with keys", () => {
    expect(parseClientFrame(`{"v":1,"type":"post","payload":{"text":"__proto__ constructor prototype \\u00e9"}}`, MAX).ok).toBe(true);
  });
});

describe("exceedsBytes / findForbiddenKey", () => {
  it("counts UTF-8 bytes, not characters", () => {
    expect(exceedsBytes("a".repeat(10), 10)).toBe(false);
    expect(exceedsBytes("é".repeat(6), 10)).toBe(true); // 12 bytes
    expect(exceedsBytes("😀".repeat(2), 8)).toBe(false); // 8 bytes, 4 UTF-16 units
    expect(exceedsBytes("😀".repeat(3), 8)).toBe(true);
  });

  it("finds keys at any depth without recursion limits", () => {
    expect(findForbiddenKey(JSON.parse(`{"a":[{"b":{"__proto__":1}}]}`))).toEqual(["a", 0, "b", "__proto__"]);
    let deep: unknown = { constructor: 1 };
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(findForbiddenKey(deep)?.at(-1)).toBe("constructor");
    expect(findForbiddenKey({ a: [1, "x", null, { b: true }] })).toBeNull();
  });
});
