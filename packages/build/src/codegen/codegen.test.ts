import { describe, expect, it } from "vitest";
import { BuildError } from "../errors.js";
import type { Manifest } from "../manifest.js";
import { generateEntry } from "./entry.js";
import { generateTypes } from "./types.js";
import { generateRedirect, generateWranglerConfig, type WranglerInput } from "./wrangler.js";

const manifest: Manifest = {
  worker: "app/worker.ts",
  objects: [
    {
      file: "app/objects/chat-room.ts",
      route: "chat-room",
      accessor: "chatRoom",
      binding: "CHAT_ROOM",
      className: "ChatRoom",
      methods: ["post", "history"],
      handlers: ["fetch", "webSocketMessage", "webSocketClose", "webSocketError"],
      hasInit: true,
      storage: "sqlite",
      renamedFrom: null,
      declaredBinding: null,
      realtime: false,
      features: ["state", "storage"],
      realtimeParts: [],
      typeArgumentLine: null,
    },
    {
      file: "app/objects/counter.ts",
      route: "counter",
      accessor: "counter",
      binding: "COUNTER",
      className: "Counter",
      methods: ["increment", "get"],
      handlers: ["alarm"],
      hasInit: true,
      storage: "kv",
      renamedFrom: null,
      declaredBinding: null,
      realtime: false,
      features: ["state", "scheduler"],
      realtimeParts: [],
      // Written as defineDurableObject<CounterState>({ ... }): the types name its methods.
      typeArgumentLine: 9,
    },
  ],
  features: ["state", "storage", "scheduler", "cron"],
};

const wranglerInput: WranglerInput = {
  config: {
    name: "chat",
    compatibility_date: "2026-04-01",
    compatibility_flags: ["nodejs_compat"],
    assets: { directory: "./public", binding: "ASSETS" },
    vars: { GREETING: "hi" },
    durable_objects: { bindings: [{ name: "BILLING", class_name: "Billing", script_name: "billing-worker" }] },
    env: { staging: { name: "chat-staging", vars: { GREETING: "hey" } } },
  },
  configFile: "wrangler.jsonc",
  manifest,
  migrations: [{ tag: "v1", new_sqlite_classes: ["ChatRoom"], new_classes: ["Counter"] }],
  main: "worker.js",
  toRoot: "..",
  defaultName: "fallback-name",
};

describe("generators (golden files in __golden__/)", () => {
  it("entry with the app's worker", async () => {
    await expect(generateEntry(manifest)).toMatchFileSnapshot("./__golden__/entry.js.golden");
  });

  it("entry for an object that takes connections: fetch and the WebSocket handlers go to the host", async () => {
    const lobby = {
      file: "app/objects/lobby.ts",
      route: "lobby",
      accessor: "lobby",
      binding: "LOBBY",
      className: "Lobby",
      methods: ["kick"],
      handlers: [],
      hasInit: false,
      storage: "sqlite",
      renamedFrom: null,
      declaredBinding: null,
      realtime: true,
      features: [],
      realtimeParts: ["dorm", "presence", "rateLimit", "schemas"],
      typeArgumentLine: null,
    } as const;
    await expect(generateEntry({ worker: null, objects: [lobby], features: [] })).toMatchFileSnapshot("./__golden__/entry-realtime.js.golden");
  });

  it("imports only the runtime features the app uses, and hands sharding to the worker", () => {
    const bare = generateEntry({ ...manifest, features: [] });
    // No feature runs around a handler: each class calls the definition itself, and no host is bundled.
    expect(bare).toContain(`import { Context as $Context, planObject as $planObject, registerObjects as $registerObjects } from "dorm/internal";`);
    expect(bare).toContain("const $features = {};");
    expect(bare).toContain("this.#ctx = new $Context(chatRoom$plan, state, env);");
    expect(bare).toContain("fetch(request) { return chatRoom$def.fetch(request, this.#ctx); }");
    expect(bare).toContain("webSocketClose(ws, code, reason, wasClean) { return chatRoom$def.webSocketClose(ws, code, reason, wasClean, this.#ctx); }");
    // Without the scheduler, only an object with its own alarm handler gets alarm().
    expect(bare.match(/^  alarm\(info\)/gm)).toHaveLength(1);
    expect(bare).toContain("alarm(info) { return counter$def.alarm(this.#ctx, info); }");
    const all = generateEntry({ ...manifest, features: ["state", "sql", "sqlMigrations", "scheduler", "sharding"] });
    expect(all).toContain("const $features = { state: $stateFeature, sql: $sqlFeature, sqlMigrations: $sqlMigrationsFeature, scheduler: $schedulerFeature };");
    expect(all).toContain(`, { sharding: $shardingFeature });`);
    expect(all).not.toContain("cronFeature");
    expect(all).not.toContain("realtimeFeature");
  });

  it("dev entry: every event timed for the board, each class inspectable, the dev endpoints in front of the worker", async () => {
    await expect(generateEntry(manifest, undefined, { dev: true })).toMatchFileSnapshot("./__golden__/entry-dev.js.golden");
  });

  it("entry with the default router, no objects", async () => {
    await expect(generateEntry({ worker: null, objects: [], features: [] })).toMatchFileSnapshot("./__golden__/entry-empty.js.golden");
  });

  it("a test build's entry adds the test hook to every class, and only then (golden)", async () => {
    expect(generateEntry(manifest)).not.toContain("test-hooks");
    expect(generateEntry(manifest)).not.toContain("__dormTest");
    await expect(generateEntry(manifest, "..", { testHooks: true })).toMatchFileSnapshot("./__golden__/entry-test.js.golden");
  });

  it("env.d.ts", async () => {
    await expect(generateTypes(manifest)).toMatchFileSnapshot("./__golden__/env.d.ts.golden");
  });

  it("wrangler.json merges the app's config", async () => {
    await expect(generateWranglerConfig(wranglerInput)).toMatchFileSnapshot("./__golden__/wrangler.json.golden");
  });

  it("wrangler config for the Cloudflare Vite plugin: main is the generated entry, which it bundles (golden)", async () => {
    const output = generateWranglerConfig({ ...wranglerInput, main: "entry.js", bundled: false });
    expect(JSON.parse(output)).not.toHaveProperty("no_bundle");
    await expect(output).toMatchFileSnapshot("./__golden__/wrangler-vite.json.golden");
  });

  it("wrangler.json for an app without a config", async () => {
    const output = generateWranglerConfig({ ...wranglerInput, config: {}, configFile: null, migrations: [] });
    await expect(output).toMatchFileSnapshot("./__golden__/wrangler-default.json.golden");
  });

  it("redirect", async () => {
    await expect(generateRedirect("../../dist/wrangler.json")).toMatchFileSnapshot("./__golden__/redirect.json.golden");
  });

  it("is deterministic", () => {
    expect(generateEntry(manifest)).toBe(generateEntry(structuredClone(manifest)));
    expect(generateWranglerConfig(wranglerInput)).toBe(generateWranglerConfig(structuredClone(wranglerInput)));
  });
});

describe("wrangler config conflicts", () => {
  const conflict = (config: Record<string, unknown>) => {
    try {
      generateWranglerConfig({ ...wranglerInput, config });
    } catch (error) {
      return error as BuildError;
    }
    throw new Error("expected a BuildError");
  };

  it("a binding the app declared for a generated class is written once, under the object's name", () => {
    const adopted = { ...manifest, objects: manifest.objects.map((o) => (o.className === "ChatRoom" ? { ...o, binding: "ROOMS" } : o)) };
    const config = { durable_objects: { bindings: [{ name: "ROOMS", class_name: "ChatRoom" }] }, env: { staging: { durable_objects: { bindings: [{ name: "ROOMS", class_name: "ChatRoom" }] } } } };
    const out = JSON.parse(generateWranglerConfig({ ...wranglerInput, manifest: adopted, config }));
    const expected = [
      { name: "ROOMS", class_name: "ChatRoom" },
      { name: "COUNTER", class_name: "Counter" },
    ];
    expect(out.durable_objects.bindings).toEqual(expected);
    expect(out.env.staging.durable_objects.bindings).toEqual(expected);
  });

  it("a binding name dorm generates", () => {
    expect(conflict({ durable_objects: { bindings: [{ name: "COUNTER", class_name: "X", script_name: "other" }] } }).code).toBe("DORM_CONFLICTING_BINDING");
  });

  it("a main other than app/worker.ts", () => {
    const e = conflict({ main: "src/index.ts" });
    expect(e.code).toBe("DORM_CONFLICTING_MAIN");
    expect(e.fix).toContain("app/worker.ts");
  });
});
