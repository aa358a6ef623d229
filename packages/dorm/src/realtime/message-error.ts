/**
 * Throw from a message handler to refuse the message with your own code: the client gets an
 * error frame with this code and message (`call.x(...)` rejects with them). Any other error a
 * handler throws reaches the client only as `DORM_HANDLER_FAILED`, its details in the log.
 *
 * @example
 * if (ctx.state.closed) throw new MessageError("ROOM_CLOSED", "this room no longer takes messages");
 */
export class MessageError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "MessageError";
    this.code = code;
  }
}
