/**
 * Every error dorm raises at run time. `code` is stable (match on it, not on the message);
 * the message says what happened and what to do about it.
 *
 * Errors thrown across RPC keep only `name` and `message`, so the code is also written at the
 * start of the message: `[DORM_UNKNOWN_OBJECT] ...`.
 */
export class DormError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(`[${code}] ${message}`);
    this.name = "DormError";
    this.code = code;
  }
}
