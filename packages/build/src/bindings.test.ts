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

  it("any other binding under an object's binding name: a var, KV, a queue producer, a secret, a var in an env", () => {
    const objects = [object("app/objects/counter.ts"), object("app/objects/chat-room.ts")];
    for (const [text, says] of [
      [`{ "vars": { "COUNTER": "1" } }`, /^wrangler\.jsonc: vars declares COUNTER, the name of the Durable Object binding dorm generates for app\/objects\/counter\.ts/],
      [`{ "kv_namespaces": [{ "binding": "CHAT_ROOM", "id": "x" }] }`, /kv_namespaces declares CHAT_ROOM/],
      [`{ "queues": { "producers": [{ "binding": "COUNTER", "queue": "q" }] } }`, /queues\.producers declares COUNTER/],
      [`{ "secrets": { "required": ["COUNTER"] } }`, /secrets\.required declares COUNTER/],
      [`{ "ai": { "binding": "COUNTER" } }`, /ai declares COUNTER/],
      [`{ "env": { "staging": { "vars": { "COUNTER": "1" } } } }`, /^wrangler\.jsonc \(env\.staging\): vars declares COUNTER/],
    ] as const) {
      const [error, ...rest] = errorsOf(() => resolveBindings(objects, config("wrangler.jsonc", text)));
      expect(rest).toEqual([]);
      expect(error?.code).toBe("DORM_CONFLICTING_BINDING");
      expect(error?.message).toMatch(says);
      expect(error?.file).toBe("wrangler.jsonc");
    }
    // Other names are fine.
    expect(() => resolveBindings(objects, config("wrangler.jsonc", `{ "vars": { "COUNTERS": "1" }, "kv_namespaces": [{ "binding": "CACHE", "id": "x" }] }`))).not.toThrow();
  });

  it("durable_objects.bindings that is not a list of { name, class_name }: a TOML inline table, a string, a bad entry", () => {
    for (const [file, text, got] of [
      ["wrangler.toml", `durable_objects = { bindings = { name = "X", class_name = "Y", script_name = "w" } }\n`, "a single table"],
      ["wrangler.jsonc", `{ "durable_objects": { "bindings": "COUNTER" } }`, "a string"],
      ["wrangler.jsonc", `{ "durable_objects": { "bindings": [{ "name": "X" }] } }`, "a list with an entry that is not { name, class_name }"],
      ["wrangler.jsonc", `{ "env": { "staging": { "durable_objects": { "bindings": { "name": "X", "class_name": "Y" } } } } }`, "a single table"],
    ] as const) {
      const [error] = errorsOf(() => resolveBindings([object("app/objects/counter.ts")], config(file, text)));
      expect(error?.code).toBe("DORM_BAD_CONFIG");
      expect(error?.message).toMatch(new RegExp(`^${file.replace(".", "\\.")}( \\(env\\.staging\\))?: durable_objects\\.bindings must be a list of \\{ name, class_name \\} entries, got ${got.replace(/[{}]/g, "\\$&")}\\.$`));
      expect(error?.fix).toContain("[[durable_objects.bindings]]");
    }
  });
});
