// What editor.test.ts hovers: a call of the room's `post` through the accessor and through env.
// Both must show the parameters as the definition names and types them.
import { durableObjects } from "dorm";

export async function hovered(env: Cloudflare.Env): Promise<void> {
  await durableObjects.room.get("a").post("hi", "ada");
  await env.ROOM.getByName("a").post("hi", "ada");
}
