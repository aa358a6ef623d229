import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_RATE_LIMIT, MAX_MESSAGE_BYTES } from "../limits.js";
import { readRealtime } from "./settings.js";
import { checksPart } from "./checks.js";

const handler = () => undefined;

describe("messages", () => {
  it("takes entries with a Standard Schema (valibot, zod) or none", () => {
    const messages = { post: { schema: v.object({ text: v.string() }), handler }, edit: { schema: z.object({ id: z.number() }), handler }, typing: { handler } };
    expect(() => checksPart({ messages })).not.toThrow();
    const specs = readRealtime({ messages }).messages;
    expect([...specs.keys()]).toEqual(["post", "edit", "typing"]);
    expect(specs.get("typing")?.schema).toBeUndefined();
  });

  it.each([
    [[1], /"messages" must be an object/],
    [{ post: () => 1 }, /messages\.post must be \{ schema\?, handler/],
    [{ post: { handler, shema: v.string() } }, /unknown key "shema"/],
    [{ $subscribe: { handler } }, /message name "\$subscribe" is not usable/],
    [{ "two words": { handler } }, /not usable/],
    [{ constructor: { handler } }, /not usable/],
  ])("refuses %j", (messages, message) => {
    expect(() => checksPart({ messages })).toThrow(message);
  });
});

describe("settings", () => {
  it("fills in defaults", () => {
    expect(readRealtime({}).settings).toEqual({ protocol: "dorm", maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES, rateLimit: DEFAULT_RATE_LIMIT, presence: true });
    const realtime = { rateLimit: false, presence: false, protocol: "raw" };
    expect(() => checksPart({ realtime, receive: handler })).not.toThrow();
    expect(readRealtime({ realtime }).settings).toEqual({ protocol: "raw", maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES, rateLimit: null, presence: false });
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
    expect(() => checksPart({ realtime: settings })).toThrow(message);
  });
});

describe("checksPart: options of one protocol in the other", () => {
  it.each([
    [{ realtime: { protocol: "raw" }, messages: { post: { handler } } }, /"messages" does not apply with realtime\.protocol "raw".*receive\(ctx, conn, message\)/],
    [{ realtime: { protocol: "raw" }, subscribe: () => true }, /"subscribe" does not apply/],
    [{ realtime: { protocol: "raw" }, events: {} }, /"events" does not apply/],
    [{ receive: handler }, /"receive" does not apply with realtime\.protocol "dorm".*protocol: \\?"raw\\?"/],
    [{ messages: {}, refused: handler }, /"refused" does not apply/],
    [{ accepted: "yes" }, /"accepted" must be a function/],
  ])("refuses %j", (options, message) => {
    expect(() => checksPart(options as Record<string, unknown>)).toThrow(message);
  });

  it("accepts accepted with either protocol, receive and refused with raw", () => {
    expect(() => checksPart({ accepted: handler, messages: {} })).not.toThrow();
    expect(() => checksPart({ realtime: { protocol: "raw" }, accepted: handler, receive: handler, refused: handler })).not.toThrow();
  });
});
