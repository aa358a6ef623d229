import { defineDurableObject } from "dorm";
import * as v from "valibot";

// Item 10: a WebSocket object; `say` echoes its text.
export default defineDurableObject({
  messages: {
    say: {
      schema: v.object({ text: v.string() }),
      handler: (_ctx, { text }) => text,
    },
  },
});
