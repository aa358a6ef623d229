// The Standard Schema interface (https://standardschema.dev, v1), which zod, valibot, arktype
// and others implement. The spec asks libraries to copy these types rather than depend on a
// package: dorm reads only `~standard.validate` and the phantom `types`.

/** A validator in the Standard Schema shape: `schema["~standard"].validate(value)`. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly "~standard": StandardSchemaProps<Input, Output>;
}

export interface StandardSchemaProps<Input = unknown, Output = Input> {
  readonly version: 1;
  readonly vendor: string;
  readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
  /** Phantom: carries the input and output types; never read at run time. */
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardIssue[] };

export interface StandardIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/** What a schema accepts (the payload a client sends). */
export type InferInput<Schema> = Schema extends StandardSchemaV1<infer I, unknown> ? I : undefined;
/** What a schema produces (the payload a handler receives). */
export type InferOutput<Schema> = Schema extends StandardSchemaV1<unknown, infer O> ? O : undefined;
