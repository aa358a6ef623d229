// Stand-in for the "cloudflare:workers" module, so dispatch.mjs can load both Counter classes in
// Node. Only what the two classes and dorm's runtime touch at load time.
export class DurableObject {
  constructor(ctx, env) {
    this.ctx = ctx;
    this.env = env;
  }
}

export const env = {};
