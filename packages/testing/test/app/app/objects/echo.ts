import { defineDurableObject, DormError } from "dorm";

class QuotaError extends Error {
  constructor(readonly limit: number) {
    super(`over the quota of ${limit}`);
    this.name = "QuotaError";
  }
}

/** Instances seen since this isolate started: not persisted, so a restart resets it. */
let activations = 0;

/** Echoes WebSocket messages, remembers a value, and throws on request. */
export default defineDurableObject({
  init: () => {
    return { value: null as string | null };
  },
  methods: {
    remember(ctx, value: string) {
      ctx.setState({ value });
      return value;
    },
    recall(ctx) {
      return ctx.state.value;
    },
    /** How many times this isolate built an echo object (in memory only). */
    wake() {
      return ++activations;
    },
    fail(ctx, kind: "type" | "dorm" | "quota" | "string") {
      if (kind === "type") throw new TypeError(`bad kind for ${ctx.name}`);
      if (kind === "dorm") throw new DormError("DORM_TEST_FAILURE", "failed on purpose");
      if (kind === "quota") throw new QuotaError(3);
      throw "a thrown string";
    },
  },
  fetch(request, ctx) {
    if (request.headers.get("Upgrade") !== "websocket") return new Response(`echo ${ctx.name} ${new URL(request.url).pathname}`);
    const pair = new WebSocketPair();
    ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  },
  webSocketMessage(ws, message, ctx) {
    if (message === "close") return ws.close(4000, "asked to");
    ws.send(`${ctx.name}> ${typeof message === "string" ? message : `${message.byteLength} bytes`}`);
  },
});
