import { defineDurableObject } from "dorm";

// Item 6: an access check on ctx.name, as apps write them.
export default defineDurableObject({
  fetch(_request, ctx) {
    if (ctx.name.startsWith("staff-")) return new Response("staff only", { status: 401 });
    return Response.json({ name: ctx.name });
  },
  methods: {
    whoAmI(ctx) {
      return ctx.name;
    },
  },
});
