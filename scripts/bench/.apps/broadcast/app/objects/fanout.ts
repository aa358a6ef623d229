import { defineDurableObject, type StandardSchemaV1 } from "dorm";

/** Accepts any payload: the benchmark measures the fan-out, not a validator. */
const anything: StandardSchemaV1<unknown> = { "~standard": { version: 1, vendor: "bench", validate: (value) => ({ value }) } };

// One frame in, the same payload out to every connection: the smallest realtime object.
// Presence and the rate limit are off, as partyserver has neither.
export default defineDurableObject({
  messages: {
    shout: {
      schema: anything,
      handler(ctx, payload) {
        ctx.broadcast("shout", payload);
      },
    },
  },
  realtime: { presence: false, rateLimit: false },
});
