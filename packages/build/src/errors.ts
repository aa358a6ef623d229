/** Where in the app's source a problem is. Paths are relative to the app root, posix style. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/**
 * A problem with the app that stops the build. `code` is stable; `message` says what is wrong,
 * `fix` what to do about it.
 */
export class BuildError extends Error {
  readonly code: string;
  readonly fix: string;
  readonly location: SourceLocation | undefined;
  constructor(code: string, message: string, fix: string, location?: SourceLocation) {
    super(message);
    this.name = "BuildError";
    this.code = code;
    this.fix = fix;
    this.location = location;
  }

  /** `app/objects/x.ts:3:5: error[CODE] message\n  fix: ...` */
  format(): string {
    const where = this.location
      ? `${this.location.file}${this.location.line ? `:${this.location.line}` : ""}${this.location.line && this.location.column ? `:${this.location.column}` : ""}: `
      : "";
    return `${where}error[${this.code}] ${this.message}\n  fix: ${this.fix}`;
  }
}

/** Several problems found in one pass; the build reports them all at once. */
export class BuildErrors extends Error {
  readonly errors: readonly BuildError[];
  constructor(errors: readonly BuildError[]) {
    super(errors.map((e) => e.format()).join("\n\n"));
    this.errors = errors;
    this.name = "BuildErrors";
  }
}
