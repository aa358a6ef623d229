import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_RATE_LIMIT, MAX_MESSAGE_BYTES } from "../limits.js";
import { readRealtime, readMessages, readSettings } from "./validate.js";

const handler = () => undefined;

describe("readMessages", () => {
  it("takes entries with a Standard Schema (valibot, zod) or none", () => {
    const specs = readMessages({ post: { schema: v.object({ text: v.string() }), handler }, edit: { schema: z.object({ id: z.number() }), handler }, typing: { handler } });
    expect([...specs.keys()]).toEqual(["post", "edit", "typing"]);
    expect(specs.get("typing")?.schema).toBeUndefined();
  });

  it.each([
    [[1], /"messages" must be an object/],
    [{ post: () => 1 }, /messages\.post must be \{ schema\?, handler/],
    [{ post: { handler, schema: { parse() {} } } }, /messages\.post\.schema is not a Standard Schema/],
    [{ post: { handler, shema: v.string() } }, /unknown key "shema"/],
    [{ $subscribe: { handler } }, /message name "\$subscribe" is not usable/],
    [{ "two words": { handler } }, /not usable/],
    [{ constructor: { handler } }, /not usable/],
  ])("refuses %j", (messages, message) => {
    expect(() => readMessages(messages)).toThrow(message);
  });
});

describe("readSettings", () => {
  it("fills in defaults", () => {
    expect(readSettings(undefined)).toEqual({ protocol: "dorm", maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES, rateLimit: DEFAULT_RATE_LIMIT, presence: true });
    expect(readSettings({ rateLimit: false, presence: false, protocol: "raw" })).toEqual({ protocol: "raw", maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES, rateLimit: null, presence: false });
  });

  it.each([
    [{ maxMessageBytes: MAX_MESSAGE_BYTES + 1 }, /maxMessageBytes must be an integer from 1 to 1048576/],
    [{ maxMessageBytes: 1.5 }, /maxMessageBytes/],
    [{ rateLimit: { burst: 0, perSecond: 1 } }, /rateLimit must be false or \{ burst, perSecond \}/],
    [{ rateLimit: { burst: 5 } }, /rateLimit/],
    [{ rateLimit: true }, /rateLimit/],
    [{ presence: "yes" }, /presence must be true or false/],
    [{ maxMessageSize: 10 }, /realtime\.maxMessageSize is not a setting/],
    [{ protocol: "json" }, /realtime\.protocol must be "dorm".*or "raw"/],
  ])("refuses %j", (settings, message) => {
    expect(() => readSettings(settings)).toThrow(message);
  });
});

describe("readRealtime: options of one protocol in the other", () => {
  it.each([
    [{ realtime: { protocol: "raw" }, messages: { post: { handler } } }, /"messages" does not apply with realtime\.protocol "raw".*receive\(ctx, conn, message\)/],
    [{ realtime: { protocol: "raw" }, subscribe: () => true }, /"subscribe" does not apply/],
    [{ realtime: { protocol: "raw" }, events: {} }, /"events" does not apply/],
    [{ receive: handler }, /"receive" does not apply with realtime\.protocol "dorm".*protocol: \\?"raw\\?"/],
    [{ messages: {}, refused: handler }, /"refused" does not apply/],
    [{ accepted: "yes" }, /"accepted" must be a function/],
  ])("refuses %j", (options, message) => {
    expect(() => readRealtime(options as Record<string, unknown>)).toThrow(message);
  });

  it("accepts accepted with either protocol, receive and refused with raw", () => {
    expect(() => readRealtime({ accepted: handler, messages: {} })).not.toThrow();
    expect(() => readRealtime({ realtime: { protocol: "raw" }, accepted: handler, receive: handler, refused: handler })).not.toThrow();
  });
});
