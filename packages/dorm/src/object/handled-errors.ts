/**
 * Errors the runtime catches and answers for itself: a message handler's (the client gets an
 * error frame), a schedule's (it is retried), a `connect` hook's (the client gets a 500). They go
 * to the log; a dev build also listens here, to show them in the inspector. Production builds
 * never set a listener, so reporting costs one check.
 */
export type HandledErrorListener = (ctx: object, where: string, error: unknown) => void;

let listener: HandledErrorListener | null = null;

export function onHandledError(next: HandledErrorListener | null): void {
  listener = next;
}

/** `ctx` is the instance's context (`ctx` of its handlers), `where` what failed: `messages.post`. */
export function handledError(ctx: object, where: string, error: unknown): void {
  listener?.(ctx, where, error);
}
