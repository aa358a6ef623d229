// The vars of wrangler.jsonc, for ctx.env (dorm generates only the Durable Object bindings).
declare global {
  namespace Cloudflare {
    interface Env {
      STAFF_KEY: string;
    }
  }
}

export {};
