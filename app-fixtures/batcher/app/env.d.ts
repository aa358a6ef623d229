// The app's secret and var, for env and ctx.env (dorm generates only the Durable Object bindings).
declare global {
  namespace Cloudflare {
    interface Env {
      /** The key producers send (Authorization: Bearer …). A secret: `wrangler secret put BATCHER_KEY`; locally, .dev.vars. */
      BATCHER_KEY?: string;
      /** How long a batch collects requests, in seconds (wrangler.jsonc's vars; app/limits.ts). */
      BATCH_SECONDS?: string;
    }
  }
}

export {};
