// Two apps of `count` objects for the type-check benchmark, written into a folder under
// scripts/bench/.tmp/ (inside the repo, so "dorm" resolves through the root node_modules):
//   dorm/  each object a defineDurableObject with inferred state, methods, messages (a valibot
//          schema), events and a schedule; a worker calling every object through durableObjects
//          and through env; a browser file with a typed @dorm/client connection per object.
//   hand/  the same objects as hand-written classes (extends DurableObject; frames checked with the
//          same valibot schema), their bindings typed DurableObjectNamespace<Class> as `wrangler
//          types` writes them, the same worker calls.
// Both use the strict flags an app made by `dorm new` uses.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const name = (i) => `object${String(i).padStart(3, "0")}`;
const cls = (i) => `Object${String(i).padStart(3, "0")}`;
const binding = (i) => `OBJECT${String(i).padStart(3, "0")}`;

const tsconfig = (include, types) =>
  JSON.stringify(
    {
      compilerOptions: {
        target: "ES2023",
        module: "ESNext",
        moduleResolution: "Bundler",
        lib: ["ES2023"],
        strict: true,
        exactOptionalPropertyTypes: true,
        noUncheckedIndexedAccess: true,
        noPropertyAccessFromIndexSignature: true,
        verbatimModuleSyntax: true,
        erasableSyntaxOnly: true,
        skipLibCheck: false,
        allowImportingTsExtensions: true,
        noEmit: true,
        types,
      },
      include,
    },
    null,
    2,
  );

/** The state types both versions of an object declare: the same data, typed the same way. */
const STATE_TYPES = `export interface Item {
  id: number;
  label: string;
}

export interface State {
  count: number;
  items: Item[];
  owner: string | null;
}
`;

const dormObject = (i) => `import { defineDurableObject, event } from "dorm";
import * as v from "valibot";

${STATE_TYPES}
export default defineDurableObject({
  init: (): State => ({ count: 0, items: [], owner: null }),

  connect(request) {
    const who = new URL(request.url).searchParams.get("name") ?? "anon";
    return { data: { who }, presence: { who } };
  },

  messages: {
    add: {
      schema: v.object({ label: v.pipe(v.string(), v.minLength(1)) }),
      handler(ctx, { label }, conn) {
        const item: Item = { id: ctx.state.items.length + 1, label: \`\${conn.data.who}: \${label}\` };
        ctx.setState((s) => ({ ...s, items: [...s.items, item] }));
        ctx.broadcast("added", item);
        return item;
      },
    },
    items: { handler: (ctx) => ctx.state.items },
  },

  events: {
    added: event<Item>(),
    cleared: event<{ reason: string }>(),
  },

  methods: {
    increment(ctx, by: number = 1) {
      ctx.setState((s) => ({ ...s, count: s.count + by }));
      return ctx.state.count;
    },
    add(ctx, label: string) {
      const item: Item = { id: ctx.state.items.length + 1, label };
      ctx.setState((s) => ({ ...s, items: [...s.items, item] }));
      ctx.broadcast("added", item);
      return item;
    },
    items(ctx) {
      return ctx.state.items;
    },
    async clearLater(ctx, ms: number) {
      await ctx.schedule(ms, "clear", { reason: "timer ${i}" });
    },
    clear(ctx, payload: { reason: string }) {
      ctx.setState((s) => ({ ...s, items: [] }));
      ctx.broadcast("cleared", payload);
    },
  },
});
`;

const dormWorker = (count) => `import { durableObjects } from "dorm";

export default {
  async fetch(request: Request, env: Cloudflare.Env): Promise<Response> {
    const name = new URL(request.url).searchParams.get("name") ?? "a";
    let total = 0;
${Array.from({ length: count }, (_, i) => `    total += await durableObjects.${name(i)}.get(name).increment(1);
    total += (await env.${binding(i)}.getByName(name).add("x")).id;
    total += (await durableObjects.${name(i)}.get(name).items()).length;`).join("\n")}
    return Response.json({ total });
  },
};
`;

const dormBrowser = (count) => `import { connect } from "@dorm/client";
${Array.from({ length: count }, (_, i) => `import type ${cls(i)} from "../objects/${name(i)}.ts";`).join("\n")}

export async function run(): Promise<number> {
  let total = 0;
${Array.from({ length: count }, (_, i) => `  {
    const client = connect<typeof ${cls(i)}>("/objects/${name(i)}/a?name=ada");
    client.on("added", (item) => void item.label);
    total += (await client.call.add({ label: "x" })).id;
  }`).join("\n")}
  return total;
}
`;

const handObject = (i) => `import { DurableObject } from "cloudflare:workers";
import * as v from "valibot";

const Add = v.object({ type: v.literal("add"), label: v.pipe(v.string(), v.minLength(1)) });

${STATE_TYPES}
export class ${cls(i)} extends DurableObject<Cloudflare.Env> {
  #state: State = { count: 0, items: [], owner: null };

  async #load(): Promise<State> {
    this.#state = (await this.ctx.storage.get<State>("state")) ?? this.#state;
    return this.#state;
  }

  async #save(next: State): Promise<void> {
    this.#state = next;
    await this.ctx.storage.put("state", next);
  }

  async increment(by: number = 1): Promise<number> {
    const s = await this.#load();
    await this.#save({ ...s, count: s.count + by });
    return this.#state.count;
  }

  async add(label: string): Promise<Item> {
    const s = await this.#load();
    const item: Item = { id: s.items.length + 1, label };
    await this.#save({ ...s, items: [...s.items, item] });
    for (const ws of this.ctx.getWebSockets()) ws.send(JSON.stringify({ type: "added", payload: item }));
    return item;
  }

  async items(): Promise<Item[]> {
    return (await this.#load()).items;
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const frame = v.safeParse(Add, JSON.parse(typeof message === "string" ? message : new TextDecoder().decode(message)));
    if (!frame.success) return ws.send(JSON.stringify({ type: "error", issues: frame.issues.map((i) => i.message) }));
    ws.send(JSON.stringify({ type: "reply", payload: await this.add(frame.output.label) }));
  }

  async clearLater(ms: number): Promise<void> {
    await this.ctx.storage.put("clear", { reason: "timer ${i}" });
    await this.ctx.storage.setAlarm(Date.now() + ms);
  }

  override async alarm(): Promise<void> {
    const s = await this.#load();
    await this.#save({ ...s, items: [] });
  }
}
`;

const handEnv = (count) => `// What \`wrangler types\` writes for these classes.
declare namespace Cloudflare {
  interface Env {
${Array.from({ length: count }, (_, i) => `    ${binding(i)}: DurableObjectNamespace<import("./objects/${name(i)}.ts").${cls(i)}>;`).join("\n")}
  }
}
`;

const handWorker = (count) => `export default {
  async fetch(request: Request, env: Cloudflare.Env): Promise<Response> {
    const name = new URL(request.url).searchParams.get("name") ?? "a";
    let total = 0;
${Array.from({ length: count }, (_, i) => `    total += await env.${binding(i)}.getByName(name).increment(1);
    total += (await env.${binding(i)}.getByName(name).add("x")).id;
    total += (await env.${binding(i)}.getByName(name).items()).length;`).join("\n")}
    return Response.json({ total });
  },
};
`;

function write(file, text) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Writes both apps under `root` (replacing what was there); returns their folders. */
export function writeTypedApps(root, count) {
  rmSync(root, { recursive: true, force: true });
  const dorm = join(root, "dorm");
  const hand = join(root, "hand");
  write(join(dorm, "wrangler.jsonc"), JSON.stringify({ name: "types-bench", compatibility_date: "2026-04-26" }));
  write(join(dorm, "tsconfig.json"), tsconfig(["app", ".dorm/env.d.ts"], ["@cloudflare/workers-types"]));
  for (let i = 0; i < count; i++) write(join(dorm, "app/objects", `${name(i)}.ts`), dormObject(i));
  write(join(dorm, "app/worker.ts"), dormWorker(count));
  write(join(dorm, "app/page/client.ts"), dormBrowser(count));
  write(join(hand, "tsconfig.json"), tsconfig(["app"], ["@cloudflare/workers-types"]));
  for (let i = 0; i < count; i++) write(join(hand, "app/objects", `${name(i)}.ts`), handObject(i));
  write(join(hand, "app/env.d.ts"), handEnv(count));
  write(join(hand, "app/worker.ts"), handWorker(count));
  return { dorm, hand };
}
