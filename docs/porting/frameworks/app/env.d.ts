// The worker's variables (dorm types its bindings in .dorm/env.d.ts; the app declares the rest).
declare global {
  namespace Cloudflare {
    interface Env {
      ANNOUNCE_TOKEN: string;
    }
  }
}

export {};
