// The app's secrets, for env and ctx.env (dorm generates only the Durable Object bindings).
declare global {
  namespace Cloudflare {
    interface Env {
      /** Opens staff-* rooms (./access.ts). A secret: `wrangler secret put STAFF_KEY`; locally, .dev.vars. */
      STAFF_KEY?: string;
    }
  }
}

export {};
