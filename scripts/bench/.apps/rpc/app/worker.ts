import { durableObjects } from "dorm";
import { drive } from "../../shared/drive.ts";

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== "/drive") return new Response("not found", { status: 404 });
    return drive(url, (name) => durableObjects.counter.get(name));
  },
};
