import { defineDurableObject } from "dorm";

export interface Entry {
  name: string;
  message: string;
  at: number;
}

const MAX_ENTRIES = 100;

function text(value: unknown, what: string, max: number): string {
  if (typeof value !== "string" || value.trim() === "" || value.length > max) {
    throw new TypeError(`${what} must be a non-empty string of at most ${max} characters`);
  }
  return value.trim();
}

/** One guestbook per name: the latest entries, newest first. */
export default defineDurableObject({
  init: () => ({ entries: [] as Entry[] }),
  methods: {
    sign(ctx, name: string, message: string): number {
      const entry = { name: text(name, "name", 80), message: text(message, "message", 500), at: Date.now() };
      ctx.setState((s) => ({ entries: [entry, ...s.entries].slice(0, MAX_ENTRIES) }));
      return ctx.state.entries.length;
    },
    entries(ctx): readonly Entry[] {
      return ctx.state.entries;
    },
  },
});
