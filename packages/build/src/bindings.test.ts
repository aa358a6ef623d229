import { describe, expect, it } from "vitest";
import { resolveBindings } from "./bindings.js";
import { parseConfig, type UserConfig } from "./config.js";
import { BuildErrors } from "./errors.js";
import type { ObjectEntry } from "./manifest.js";
import { objectNames } from "./names.js";

function object(file: string, declaredBinding: string | null = null): ObjectEntry {
  return {
    file,
    ...objectNames(file),
    methods: [],
    handlers: [],
    hasInit: false,
    storage: "sqlite",
    renamedFrom: null,
    declaredBinding,
    realtime: false,
    features: [],
    realtimeParts: [],
    typeArgumentLine: null,
  };
}

const config = (file: string, text: string): UserConfig => ({ file, config: parseConfig(file, text), text });
const none: UserConfig = { file: null, config: {} };

function errorsOf(run: () => unknown): { code: string; message: string; fix: string; line?: number; file?: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof BuildErrors) return error.errors.map((e) => ({ code: e.code, message: e.message, fix: e.fix, line: e.location?.line, file: e.location?.file }));
  }
  throw new Error("expected BuildErrors");
}

describe("resolveBindings", () => {
  it("without a choice, the binding is the file's (chat-room.ts → CHAT_ROOM)", () => {
    expect(resolveBindings([object("app/objects/chat-room.ts")], none).map((o) => o.binding)).toEqual(["CHAT_ROOM"]);
  });

  it("adopts the app's config binding for a generated class: seed 004's ROOMS → ChatRoom, seed 001's ROUTER → WebSocketRouter", () => {
    const toml = config(
      "wrangler.toml",
      `name = "app"\n[[durable_objects.bindings]]\nname = "ROOMS"\nclass_name = "ChatRoom"\n\n[[durable_objects.bindings]]\nname = "ROUTER"\nclass_name = "WebSocketRouter"\n`,
    );
    const objects = resolveBindings([object("app/objects/chat-room.ts"), object("app/objects/web-socket-router.ts")], toml);
    expect(objects.map((o) => [o.className, o.binding])).toEqual([
      ["ChatRoom", "ROOMS"],
      ["WebSocketRouter", "ROUTER"],
    ]);
  });

  it("the definition's binding wins over the file's, and may agree with the config's", () => {
    const json = config("wrangler.jsonc", `{ "durable_objects": { "bindings": [{ "name": "rooms", "class_name": "ChatRoom" }] } }`);
    expect(resolveBindings([object("app/objects/chat-room.ts", "rooms")], json)[0]!.binding).toBe("rooms");
    expect(resolveBindings([object("app/objects/counter.ts", "COUNTERS")], none)[0]!.binding).toBe("COUNTERS");
  });

  it("keeps bindings to other workers' classes out of it", () => {
    const json = config("wrangler.json", `{ "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "ChatRoom", "script_name": "other" }] } }`);
    expect(resolveBindings([object("app/objects/chat-room.ts")], json)[0]!.binding).toBe("CHAT_ROOM");
  });

  it("refuses a definition and a config that disagree, naming both and how to agree", () => {
    const json = config("wrangler.jsonc", `{ "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "ChatRoom" }] } }`);
    const [error] = errorsOf(() => resolveBindings([object("app/objects/chat-room.ts", "CHATS")], json));
    expect(error).toMatchObject({ code: "DORM_CONFLICTING_BINDING", file: "app/objects/chat-room.ts" });
    expect(error!.message).toContain('binding: "CHATS"');
    expect(error!.message).toContain("as ROOMS");
    expect(error!.fix).toContain('binding: "ROOMS"');
  });

  it("refuses two names for one class, an env with another name, a taken name and two objects on one binding", () => {
    const twice = config("wrangler.toml", `[[durable_objects.bindings]]\nname = "A"\nclass_name = "Room"\n[[durable_objects.bindings]]\nname = "B"\nclass_name = "Room"\n`);
    expect(errorsOf(() => resolveBindings([object("app/objects/room.ts")], twice))).toMatchObject([{ code: "DORM_CONFLICTING_BINDING", line: 5 }]);

    const env = config(
      "wrangler.jsonc",
      `{\n  "durable_objects": { "bindings": [{ "name": "ROOMS", "class_name": "Room" }] },\n  "env": { "staging": { "durable_objects": { "bindings": [\n    { "name": "STAGING_ROOMS", "class_name": "Room" }\n  ] } } }\n}`,
    );
    const [envError] = errorsOf(() => resolveBindings([object("app/objects/room.ts")], env));
    expect(envError).toMatchObject({ code: "DORM_CONFLICTING_BINDING", line: 4 });
    expect(envError!.message).toContain("(env.staging)");

    const taken = config("wrangler.jsonc", `{ "durable_objects": { "bindings": [{ "name": "ROOM", "class_name": "Billing", "script_name": "billing" }] } }`);
    expect(errorsOf(() => resolveBindings([object("app/objects/room.ts")], taken))).toMatchObject([{ code: "DORM_CONFLICTING_BINDING" }]);

    expect(errorsOf(() => resolveBindings([object("app/objects/a.ts", "SAME"), object("app/objects/b.ts", "SAME")], none))).toMatchObject([
      { code: "DORM_NAME_COLLISION", file: "app/objects/b.ts" },
    ]);
  });

  it("refuses a config binding name that is not an identifier", () => {
    const json = config("wrangler.jsonc", `{ "durable_objects": { "bindings": [{ "name": "my-rooms", "class_name": "Room" }] } }`);
    expect(errorsOf(() => resolveBindings([object("app/objects/room.ts")], json))).toMatchObject([{ code: "DORM_BAD_BINDING", file: "wrangler.jsonc", line: 1 }]);
  });
});
