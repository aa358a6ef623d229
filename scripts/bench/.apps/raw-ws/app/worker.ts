import { durableObjects } from "dorm";

// /room/<name>: that room's echo object.
export default {
  fetch(request: Request): Promise<Response> {
    const [, , name = "lobby"] = new URL(request.url).pathname.split("/");
    return durableObjects.echo.get(name).fetch(request);
  },
};
