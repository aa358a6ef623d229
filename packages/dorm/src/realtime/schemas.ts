import type { WireIssue } from "./protocol.js";
import type { StandardIssue, StandardSchemaV1 } from "./standard-schema.js";

function wireIssues(issues: readonly StandardIssue[]): WireIssue[] {
  return issues.slice(0, 20).map((issue) => {
    const path = issue.path?.map((segment) => {
      const key = typeof segment === "object" && segment !== null ? segment.key : segment;
      return typeof key === "number" ? key : String(key);
    });
    return path && path.length > 0 ? { message: issue.message, path } : { message: issue.message };
  });
}

/**
 * The realtime part `schemas`: a message's payload through its Standard Schema, as the value to
 * hand the handler or the issues to send back (at most 20). A schema that throws, throws.
 */
export async function schemasPart(schema: StandardSchemaV1, payload: unknown): Promise<{ readonly value: unknown } | { readonly issues: WireIssue[] }> {
  const result = await schema["~standard"].validate(payload);
  return result.issues ? { issues: wireIssues(result.issues) } : { value: result.value };
}
