// The hand-written equivalent of ../rpc: the same object and the same worker, without dorm.
// (Named HandCounter so that ../rpc-both can export it beside dorm's Counter.)
import { DurableObject } from "cloudflare:workers";
import { drive } from "../shared/drive.ts";

interface Env {
  HAND_COUNTER: DurableObjectNamespace<HandCounter>;
}

interface CounterState {
  count: number;
}

const STATE_KEY = "state";

// What dorm's generated class and ctx do, written out: the state lives in a field, is loaded
// (or initialised and stored) before the first call, and each change puts the whole state.
export class HandCounter extends DurableObject<Env> {
  #state: CounterState = { count: 0 };

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const stored = await ctx.storage.get<CounterState>(STATE_KEY);
      if (stored !== undefined) {
        this.#state = stored;
      } else {
        this.#state = { count: 0 };
        await ctx.storage.put(STATE_KEY, this.#state);
      }
    });
  }

  increment(by: number): number {
    this.#state = { ...this.#state, count: this.#state.count + by };
    void this.ctx.storage.put(STATE_KEY, this.#state);
    return this.#state.count;
  }

  get(): number {
    return this.#state.count;
  }
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== "/drive") return new Response("not found", { status: 404 });
    return drive(url, (name) => env.HAND_COUNTER.getByName(name));
  },
} satisfies ExportedHandler<Env>;
