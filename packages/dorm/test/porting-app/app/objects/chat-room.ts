import { defineDurableObject } from "dorm";

// Bound as ROOMS by the app's wrangler config (adopted), not CHAT_ROOM.
export default defineDurableObject({
  methods: {
    whoAmI(ctx) {
      return ctx.name;
    },
  },
});
