import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_RATE_LIMIT, MAX_MESSAGE_BYTES } from "../limits.js";
import { readMessages, readSettings } from "./validate.js";

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
    expect(readSettings(undefined)).toEqual({ maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES, rateLimit: DEFAULT_RATE_LIMIT, presence: true });
    expect(readSettings({ rateLimit: false, presence: false })).toEqual({ maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES, rateLimit: null, presence: false });
  });

  it.each([
    [{ maxMessageBytes: MAX_MESSAGE_BYTES + 1 }, /maxMessageBytes must be an integer from 1 to 1048576/],
    [{ maxMessageBytes: 1.5 }, /maxMessageBytes/],
    [{ rateLimit: { burst: 0, perSecond: 1 } }, /rateLimit must be false or \{ burst, perSecond \}/],
    [{ rateLimit: { burst: 5 } }, /rateLimit/],
    [{ rateLimit: true }, /rateLimit/],
    [{ presence: "yes" }, /presence must be true or false/],
    [{ maxMessageSize: 10 }, /realtime\.maxMessageSize is not a setting/],
  ])("refuses %j", (settings, message) => {
    expect(() => readSettings(settings)).toThrow(message);
  });
});
