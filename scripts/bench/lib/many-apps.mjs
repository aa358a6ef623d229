// A larger app for the build benchmark, written twice — as a dorm app and as the hand-written
// equivalent — into scripts/bench/.tmp/ (gitignored, but inside the repo so that "dorm"
// resolves through the root node_modules). Same objects, same methods, same worker.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export const NAMES = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa"];

const cap = (s) => s[0].toUpperCase() + s.slice(1);

const dormObject = (name) => `import { defineDurableObject } from "dorm";

export interface ${cap(name)}State {
  count: number;
  log: string[];
}

export default defineDurableObject({
  init: (): ${cap(name)}State => ({ count: 0, log: [] }),

  methods: {
    increment(ctx, by: number) {
      ctx.setState((s) => ({ ...s, count: s.count + by }));
      return ctx.state.count;
    },

    note(ctx, text: string) {
      ctx.setState((s) => ({ ...s, log: [...s.log.slice(-99), text] }));
      return ctx.state.log.length;
    },

    get(ctx) {
      return ctx.state;
    },

    reset(ctx) {
      ctx.setState({ count: 0, log: [] });
    },
  },
});
`;

const dormWorker = `import { durableObjects } from "dorm";

export default {
  async fetch(request: Request): Promise<Response> {
    const [, object, name, method, arg] = new URL(request.url).pathname.split("/");
    const stub = (durableObjects as any)[object!]?.get(name!);
    if (!stub) return new Response("not found", { status: 404 });
    return Response.json(await stub[method!](arg === undefined ? undefined : isNaN(Number(arg)) ? arg : Number(arg)));
  },
};
`;

const handObject = (name) => `
interface ${cap(name)}State {
  count: number;
  log: string[];
}

export class ${cap(name)} extends DurableObject<Env> {
  #state: ${cap(name)}State = { count: 0, log: [] };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const stored = await ctx.storage.get<${cap(name)}State>(STATE_KEY);
      if (stored !== undefined) {
        this.#state = stored;
      } else {
        this.#state = { count: 0, log: [] };
        await ctx.storage.put(STATE_KEY, this.#state);
      }
    });
  }

  #set(next: ${cap(name)}State): void {
    this.#state = next;
    void this.ctx.storage.put(STATE_KEY, next);
  }

  increment(by: number): number {
    this.#set({ ...this.#state, count: this.#state.count + by });
    return this.#state.count;
  }

  note(text: string): number {
    this.#set({ ...this.#state, log: [...this.#state.log.slice(-99), text] });
    return this.#state.log.length;
  }

  get(): ${cap(name)}State {
    return this.#state;
  }

  reset(): void {
    this.#set({ count: 0, log: [] });
  }
}
`;

const handWorker = (names) => `import { DurableObject } from "cloudflare:workers";

type Env = Record<string, DurableObjectNamespace>;

const STATE_KEY = "state";
const BINDINGS: Record<string, string> = ${JSON.stringify(Object.fromEntries(names.map((n) => [n, n.toUpperCase()])))};
${names.map(handObject).join("")}
export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const [, object, name, method, arg] = new URL(request.url).pathname.split("/");
    const binding = BINDINGS[object!];
    if (!binding) return new Response("not found", { status: 404 });
    const stub = env[binding]!.getByName(name!) as any;
    return Response.json(await stub[method!](arg === undefined ? undefined : isNaN(Number(arg)) ? arg : Number(arg)));
  },
};
`;

function write(root, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Write both apps under `dir` (replacing what was there); returns their roots. */
export function writeManyApps(dir, names = NAMES) {
  rmSync(dir, { recursive: true, force: true });
  const dorm = join(dir, "dorm");
  const hand = join(dir, "hand");
  const compat = "2026-04-26";
  write(dorm, {
    "wrangler.jsonc": JSON.stringify({ name: "dorm-bench-many", compatibility_date: compat }, null, 2),
    "app/worker.ts": dormWorker,
    ...Object.fromEntries(names.map((n) => [`app/objects/${n}.ts`, dormObject(n)])),
  });
  const classes = names.map(cap);
  write(hand, {
    "wrangler.jsonc": JSON.stringify(
      {
        name: "dorm-bench-many-hand",
        main: "dist/worker.js",
        compatibility_date: compat,
        durable_objects: { bindings: names.map((n) => ({ name: n.toUpperCase(), class_name: cap(n) })) },
        migrations: [{ tag: "v1", new_sqlite_classes: classes }],
      },
      null,
      2,
    ),
    "worker.ts": handWorker(names),
  });
  return { dorm, hand };
}
