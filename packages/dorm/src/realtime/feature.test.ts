import { describe, expect, it } from "vitest";
import { dormPart } from "./dispatch.js";
import { realtimeFeature } from "./feature.js";
import { presencePart } from "./presence.js";
import { rateLimitPart } from "./rate-limit.js";
import { rawPart } from "./raw.js";
import { schemasPart } from "./schemas.js";
import { checksPart } from "./checks.js";
import { connectPart } from "./connect.js";
import { topicsPart } from "./topics.js";

const info = { object: "room", methods: [] };
const handler = () => undefined;
const anything = { "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value }) } };
const all = { dorm: dormPart, raw: rawPart, presence: presencePart, rateLimit: rateLimitPart, schemas: schemasPart, topics: topicsPart, connect: connectPart, checks: checksPart };

describe("realtimeFeature: the parts a definition needs must be in the build", () => {
  it("takes a definition whose settings the parts cover", () => {
    expect(() => realtimeFeature({ dorm: dormPart })({ messages: { post: { handler } }, realtime: { presence: false, rateLimit: false } }, info)).not.toThrow();
    expect(() => realtimeFeature({ raw: rawPart, rateLimit: rateLimitPart })({ receive: handler, realtime: { protocol: "raw" } } as never, info)).not.toThrow();
    expect(() => realtimeFeature(all)({ messages: { post: { schema: anything, handler } } } as never, info)).not.toThrow();
  });

  it.each([
    ["dorm", { messages: { post: { handler } }, realtime: { presence: false, rateLimit: false } }],
    ["raw", { receive: handler, realtime: { protocol: "raw", rateLimit: false } }],
    ["presence", { messages: { post: { handler } }, realtime: { rateLimit: false } }],
    ["rateLimit", { messages: { post: { handler } }, realtime: { presence: false } }],
    ["schemas", { messages: { post: { schema: anything, handler } }, realtime: { presence: false, rateLimit: false } }],
    ["topics", { messages: { post: { handler } }, subscribe: () => true, realtime: { presence: false, rateLimit: false } }],
    ["connect", { messages: { post: { handler } }, connect: () => ({}), realtime: { presence: false, rateLimit: false } }],
  ] as const)("without the %s part, a definition that needs it is DORM_NOT_BUILT when the worker loads (checks part)", (part, def) => {
    const parts = Object.fromEntries(Object.entries(all).filter(([name]) => name !== part));
    expect(() => realtimeFeature(parts)(def as never, info)).toThrow(new RegExp(`^\\[DORM_NOT_BUILT\\] room: .*no realtime "${part}" part`));
  });

  it("without the checks part (the build read and checked the options, and chose the parts from them), it only reads them", () => {
    const parts = { dorm: dormPart };
    expect(() => realtimeFeature(parts)({ messages: { post: { handler } }, realtime: { presence: false, rateLimit: false } } as never, info)).not.toThrow();
  });

  it("checks the realtime options first with the checks part (the build leaves it out only for options it checked)", () => {
    expect(() => realtimeFeature(all)({ messages: { post: () => 1 } } as never, info)).toThrow(/DORM_BAD_DEFINITION.*messages\.post must be/);
  });

  it("checks that each schema is a Standard Schema, with or without the checks part", () => {
    const def = { messages: { post: { handler, schema: { parse() {} } } }, realtime: { presence: false, rateLimit: false } };
    for (const parts of [all, { dorm: dormPart, schemas: schemasPart }]) {
      expect(() => realtimeFeature(parts)(def as never, info)).toThrow(/DORM_BAD_DEFINITION.*messages\.post\.schema of room is not a Standard Schema/);
    }
  });
});
