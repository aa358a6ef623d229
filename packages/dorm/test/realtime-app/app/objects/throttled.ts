import { defineDurableObject } from "dorm";

// A tight rate limit and presence turned off.
export default defineDurableObject({
  messages: {
    ping: { handler: () => "pong" },
  },
  realtime: { rateLimit: { burst: 3, perSecond: 2 }, presence: false },
});
