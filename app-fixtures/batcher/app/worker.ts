import { durableObjects } from "dorm";

// Every request goes to the one batcher, "foo", as in the original.
export default {
  fetch(request: Request): Promise<Response> {
    return durableObjects.batcher.get("foo").fetch(request);
  },
};
