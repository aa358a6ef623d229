import { describe, expect, it } from "vitest";
import { analyzeObject } from "./analyze.js";
import { BuildError } from "./errors.js";

const FILE = "app/objects/room.ts";

function fails(source: string): BuildError {
  try {
    analyzeObject(FILE, source);
  } catch (error) {
    if (error instanceof BuildError) return error;
    throw error;
  }
  throw new Error("expected a BuildError");
}

describe("analyzeObject: what it reads", () => {
  it("reads methods in source order, handlers, init, storage and renamedFrom", () => {
    const source = `
      import { defineDurableObject } from "dorm";
      interface S { n: number }
      export default defineDurableObject({
        init: (): S => ({ n: 0 }),
        storage: "kv",
        renamedFrom: "OldRoom",
        binding: "ROOMS",
        methods: {
          join(ctx, who: string) { return who; },
          leave: async (ctx) => {},
          "count": function (ctx) { return 1; },
          shared,
        },
        async fetch(request, ctx) { return new Response(); },
        alarm: async (ctx) => {},
        webSocketMessage(ws, message, ctx) {},
      });
      function shared() {}
    `;
    expect(analyzeObject(FILE, source)).toEqual({
      methods: ["join", "leave", "count", "shared"],
      handlers: ["fetch", "alarm", "webSocketMessage"],
      hasInit: true,
      storage: "kv",
      renamedFrom: "OldRoom",
      declaredBinding: "ROOMS",
      realtime: false,
      features: ["state"],
      realtimeParts: [],
      typeArgumentLine: null,
    });
  });

  it("records the line of a type argument (defineDurableObject<State>(...)): the types then name the methods", () => {
    const source = ["import { defineDurableObject } from \"dorm\";", "interface CounterState { count: number }", "export default defineDurableObject<CounterState>({", "  methods: { increment(ctx, by: number) {} },", "});"].join("\n");
    expect(analyzeObject(FILE, source)).toMatchObject({ methods: ["increment"], typeArgumentLine: 3 });
  });

  it("connect or messages make an object realtime; the other runtime options are accepted as they are", () => {
    const realtime = (options: string) =>
      analyzeObject(FILE, `import { defineDurableObject } from "dorm"; export default defineDurableObject({ ${options} });`).realtime;
    expect(realtime(`connect(request, ctx) { return { data: 1 }; }`)).toBe(true);
    expect(realtime(`messages: { post: { schema, handler(ctx, payload, conn) {} } }`)).toBe(true);
    expect(realtime(`messages`)).toBe(true);
    expect(realtime(`events: {}, subscribe: () => true, disconnect() {}, realtime: { presence: false }, methods: { a(ctx) {} }`)).toBe(false);
    expect(realtime(`webSocketMessage(ws, message, ctx) {}`)).toBe(false);
  });

  it("the realtime parts an object needs, from its realtime settings and messages as written", () => {
    const parts = (options: string) =>
      analyzeObject(FILE, `import { defineDurableObject } from "dorm"; export default defineDurableObject({ ${options} });`).realtimeParts;
    expect(parts(`messages: { post: { schema: s, handler() {} } }`)).toEqual(["dorm", "presence", "rateLimit", "schemas"]);
    expect(parts(`messages: { post: { handler() {} } }, realtime: { presence: false, rateLimit: false }`)).toEqual(["dorm"]);
    expect(parts(`receive() {}, realtime: { protocol: "raw", rateLimit: false }`)).toEqual(["raw"]);
    expect(parts(`receive() {}, realtime: { protocol: "raw" }`)).toEqual(["raw", "rateLimit"]);
    // What the build cannot read needs every part it could need, and the checks of the options.
    expect(parts(`messages, realtime: settings`)).toEqual(["dorm", "raw", "presence", "rateLimit", "schemas", "topics", "connect", "checks"]);
    // The connect hook's part: its name is always written out, whatever its value.
    expect(parts(`connect: authenticate, realtime: { presence: false, rateLimit: false }`)).toEqual(["dorm", "connect", "checks"]);
    expect(parts(`connect(request) { return {}; }, realtime: { presence: false, rateLimit: false }`)).toEqual(["dorm", "connect"]);
    expect(parts(`messages: table, realtime: { protocol: mode, presence: false, rateLimit: false }`)).toEqual(["dorm", "raw", "schemas", "checks"]);
    expect(parts(`messages: { post: make() }, realtime: { presence: false, rateLimit: false }`)).toEqual(["dorm", "schemas", "checks"]);
    expect(parts(`methods: { a(ctx) {} }`)).toEqual([]);
  });

  it("topics: for a subscribe hook, code that names them, or a file that imports the app's own files", () => {
    const topics = (options: string, before = "") =>
      analyzeObject(FILE, `import { defineDurableObject } from "dorm";${before} export default defineDurableObject({ ${options} });`).realtimeParts.includes("topics");
    expect(topics(`messages: { post: { handler(ctx) { ctx.broadcast("x"); } } }`)).toBe(false);
    expect(topics(`messages: { post: { handler(ctx) { ctx.publish("room", "x"); } } }`)).toBe(true);
    expect(topics(`messages: { post: { handler(ctx, p, conn) { conn.subscribe("room"); } } }`)).toBe(true);
    expect(topics(`connect: () => ({ topics: ["news"] })`)).toBe(true);
    expect(topics(`messages: {}, subscribe: allow`)).toBe(true);
    expect(topics(`receive(ctx, conn, message) { ctx.publishRaw("all", message); }, realtime: { protocol: "raw" }`)).toBe(true);
    // The build does not read the app's other files here, nor packages: a comment asks for the part.
    expect(topics(`messages: { post: { handler: onPost } }`, ` import { onPost } from "./chat.js";`)).toBe(true);
    expect(topics(`messages: { post: { handler: onPost } }`, ` import { onPost } from "@acme/chat"; // uses topics\n`)).toBe(true);
    expect(topics(`messages: { post: { handler: onPost } }`, ` import { onPost } from "@acme/chat";`)).toBe(false);
  });

  it("the checks of the realtime options: left out when the build read them as literals and they pass", () => {
    const checks = (options: string) =>
      analyzeObject(FILE, `import { defineDurableObject, event } from "dorm"; export default defineDurableObject({ ${options} });`).realtimeParts.includes("checks");
    // Literals the build checks with the runtime's own checks: functions, schemas and events' contents need no value.
    expect(checks(`connect: async (request) => ({ data: 1 }), accepted(ctx, conn) {}, disconnect: function () {}, subscribe: () => true, events: { joined: event<string>() }, messages: { post: { schema: v.object({}), handler(ctx, p) {} }, typing: { handler: () => 1 } }, realtime: { maxMessageBytes: 64 * 1024, rateLimit: { burst: 10, perSecond: 0.5 }, presence: true, protocol: "dorm" }`)).toBe(false);
    expect(checks(`receive(ctx, conn, message) {}, refused() {}, realtime: { protocol: \`raw\`, rateLimit: false }`)).toBe(false);
    // Not literals: the runtime checks them when the worker loads.
    for (const options of [`connect: authenticate`, `messages: { post: { handler: onPost } }`, `messages: { [name]: { handler() {} } }`, `messages: { post: { handler() {} } }, realtime: { maxMessageBytes: LIMIT }`, `connect() {}, realtime`]) {
      expect(checks(options), options).toBe(true);
    }
    // Literals that fail the checks: bundled too, and the worker fails to load with the runtime's message.
    for (const options of [
      `messages: { "two words": { handler() {} } }`,
      `messages: { post: { handler() {}, shema: s } }`,
      `messages: { post() {} }`,
      `messages: { post: { handler() {} } }, realtime: { maxMessageBytes: 0 }`,
      `messages: { post: { handler() {} } }, realtime: { rateLimit: { burst: 1.5, perSecond: 1 } }`,
      `messages: { post: { handler() {} } }, realtime: { protocol: "json" }`,
      `messages: { post: { handler() {} } }, realtime: { presense: false }`,
      `receive() {}, realtime: { protocol: "raw" }, messages: {}`,
      `connect: "yes"`,
      `connect() {}, events: []`,
    ]) {
      expect(checks(options), options).toBe(true);
    }
  });

  it("defaults: no methods, sqlite storage, no rename", () => {
    const source = `import { defineDurableObject } from "dorm"; export default defineDurableObject({});`;
    expect(analyzeObject(FILE, source)).toEqual({ methods: [], handlers: [], hasInit: false, storage: "sqlite", renamedFrom: null, declaredBinding: null, realtime: false, features: [], realtimeParts: [], typeArgumentLine: null });
  });

  it("follows an aliased import, a namespace import, a const, `satisfies` and `export { x as default }`", () => {
    const variants = [
      `import { defineDurableObject as d } from "dorm"; export default d({ methods: { a(ctx) {} } });`,
      `import * as dorm from "dorm"; export default dorm.defineDurableObject({ methods: { a(ctx) {} } });`,
      `import { defineDurableObject } from "dorm"; const room = defineDurableObject({ methods: { a(ctx) {} } }); export default room;`,
      `import { defineDurableObject } from "dorm"; const room = defineDurableObject({ methods: { a(ctx) {} } }); export { room as default };`,
      `import { defineDurableObject } from "dorm"; export default (defineDurableObject({ methods: { a(ctx) {} } }) satisfies object);`,
    ];
    for (const source of variants) expect(analyzeObject(FILE, source).methods).toEqual(["a"]);
  });
});

describe("analyzeObject: bad input names the file, the line and the fix", () => {
  it("syntax error", () => {
    const e = fails(`import { defineDurableObject } from "dorm";\nexport default defineDurableObject({\n  methods: { a(ctx) { return 1 }\n});\n`);
    expect(e.code).toBe("DORM_SYNTAX_ERROR");
    expect(e.location).toMatchObject({ file: FILE, line: 4 });
  });

  it("no default export", () => {
    const e = fails(`import { defineDurableObject } from "dorm";\nexport const room = defineDurableObject({});\n`);
    expect(e.code).toBe("DORM_NO_DEFAULT_EXPORT");
    expect(e.fix).toContain("export default defineDurableObject");
  });

  it("default export not made by defineDurableObject", () => {
    const e = fails(`import { DurableObject } from "cloudflare:workers";\n\nexport default class Room extends DurableObject {}\n`);
    expect(e.code).toBe("DORM_NOT_A_DEFINITION");
    expect(e.location?.line).toBe(3);
    const e2 = fails(`function defineDurableObject(x: object) { return x; }\nexport default defineDurableObject({});\n`);
    expect(e2.code).toBe("DORM_NOT_A_DEFINITION");
    expect(e2.location?.line).toBe(2);
    const e3 = fails(`export default { methods: {} };\n`);
    expect(e3.code).toBe("DORM_NOT_A_DEFINITION");
  });

  it.each(["fetch", "alarm", "webSocketMessage", "constructor", "then", "ctx", "env", "connect", "dup", "__dormTest", "__dormAnything"])("reserved method name %s", (name) => {
    const e = fails(`import { defineDurableObject } from "dorm";\nexport default defineDurableObject({\n  methods: {\n    ok(ctx) {},\n    ${name}(ctx) {},\n  },\n});\n`);
    expect(e.code).toBe("DORM_RESERVED_METHOD");
    expect(e.location).toMatchObject({ file: FILE, line: 5, column: 5 });
    expect(e.message).toContain(`"${name}"`);
  });

  it("a handler inside methods is told to move to the top level", () => {
    const e = fails(`import { defineDurableObject } from "dorm";\nexport default defineDurableObject({ methods: { fetch(ctx) {} } });`);
    expect(e.fix).toContain("top level");
  });

  it("dynamic shapes the build cannot read", () => {
    const head = `import { defineDurableObject } from "dorm";\nconst extra = {};\nconst opts = {};\n`;
    expect(fails(`${head}export default defineDurableObject(opts);`).code).toBe("DORM_DYNAMIC_DEFINITION");
    expect(fails(`${head}export default defineDurableObject({ ...opts });`).code).toBe("DORM_DYNAMIC_DEFINITION");
    expect(fails(`${head}export default defineDurableObject({ methods: extra });`).code).toBe("DORM_DYNAMIC_METHODS");
    expect(fails(`${head}export default defineDurableObject({ methods: { ...extra } });`).code).toBe("DORM_DYNAMIC_METHODS");
    expect(fails(`${head}const k = "a";\nexport default defineDurableObject({ methods: { [k](ctx) {} } });`).code).toBe("DORM_DYNAMIC_METHODS");
  });

  it("unknown option with a suggestion, bad storage, bad renamedFrom, duplicates, non-function method", () => {
    const head = `import { defineDurableObject } from "dorm";\n`;
    const unknown = fails(`${head}export default defineDurableObject({ method: {} });`);
    expect(unknown.code).toBe("DORM_UNKNOWN_OPTION");
    expect(unknown.fix).toContain('did you mean "methods"');
    expect(fails(`${head}export default defineDurableObject({ storage: "postgres" });`).code).toBe("DORM_BAD_STORAGE");
    const kvSql = fails(`${head}export default defineDurableObject({\n  storage: "kv",\n  sql: { migrations: ["CREATE TABLE t (x)"] },\n});`);
    expect(kvSql).toMatchObject({ code: "DORM_BAD_DEFINITION", location: { line: 4 } });
    expect(kvSql.message).toMatch(/sql\.migrations .* storage: "kv"/);
    expect(fails(`${head}const s = "kv";\nexport default defineDurableObject({ storage: s });`).code).toBe("DORM_DYNAMIC_OPTION");
    expect(fails(`${head}export default defineDurableObject({ renamedFrom: "not a class" });`).code).toBe("DORM_BAD_RENAME");
    expect(fails(`${head}export default defineDurableObject({ binding: "my-rooms" });`).code).toBe("DORM_BAD_BINDING");
    expect(fails(`${head}export default defineDurableObject({ binding: name });`).code).toBe("DORM_DYNAMIC_OPTION");
    expect(fails(`${head}export default defineDurableObject({ methods: { a(ctx) {}, a(ctx) {} } });`).code).toBe("DORM_DUPLICATE_METHOD");
    expect(fails(`${head}export default defineDurableObject({ alarm() {}, alarm() {} });`).code).toBe("DORM_DUPLICATE_OPTION");
    expect(fails(`${head}export default defineDurableObject({ methods: { count: 1 } });`).code).toBe("DORM_BAD_METHOD");
    expect(fails(`${head}export default defineDurableObject({ methods: { get total() { return 1; } } });`).code).toBe("DORM_BAD_METHOD");
    // Type assertions are looked through: the value is what counts.
    expect(fails(`${head}export default defineDurableObject({ methods: { count: 1 as never } });`).code).toBe("DORM_BAD_METHOD");
    expect(analyzeObject("app/objects/x.ts", `${head}declare const f: () => 1;\nexport default defineDurableObject({ methods: { a: f as never, b: (f) satisfies unknown } });`).methods).toEqual(["a", "b"]);
  });
});
