import { describe, expect, it } from "vitest";
import { MAX_ATTACHMENT_BYTES } from "../limits.js";
import { attachmentBytes, decodeRecord, encodeRecord, type ConnectionRecord } from "./attachment.js";

const record = (data: unknown, presence: unknown = null): ConnectionRecord => ({ id: "c1", data, presence, topics: ["a"], connectedAt: 1 });

describe("connection records in the attachment", () => {
  it("round-trips through the attachment text", () => {
    const text = encodeRecord(record({ name: "ada", n: [1, 2] }, { name: "ada" }), "test");
    expect(decodeRecord(text)).toEqual(record({ name: "ada", n: [1, 2] }, { name: "ada" }));
    expect(decodeRecord(undefined)).toBeNull();
    expect(decodeRecord("not json")).toBeNull();
    expect(decodeRecord(JSON.stringify({ something: "else" }))).toBeNull();
  });

  it("counts bytes as workerd does: one per Latin-1 character, two otherwise", () => {
    // workerd measured: 16,384 one-byte characters → 16,390 bytes; 8,190 two-byte → 16,386.
    expect(attachmentBytes("x".repeat(16_384))).toBeGreaterThanOrEqual(16_390);
    expect(attachmentBytes("é€".repeat(4_095))).toBeGreaterThanOrEqual(16_386);
  });

  it("refuses a record over 16 KiB, naming the parts, and keeps to the limit exactly", () => {
    const overhead = attachmentBytes(JSON.stringify(record("")));
    const fits = "x".repeat(MAX_ATTACHMENT_BYTES - overhead);
    expect(() => encodeRecord(record(fits), "conn.setData")).not.toThrow();
    expect(() => encodeRecord(record(fits + "x"), "conn.setData")).toThrow(/DORM_CONNECTION_TOO_LARGE.*conn\.setData.*16384 bytes.*data 16/);
    // Non-Latin-1 text counts double.
    expect(() => encodeRecord(record("€".repeat(8_200)), "x")).toThrow(/DORM_CONNECTION_TOO_LARGE/);
  });

  it("refuses what JSON cannot hold", () => {
    expect(() => encodeRecord(record({ n: 1n }), "connect")).toThrow(/DORM_NOT_JSON.*connect/);
  });
});
