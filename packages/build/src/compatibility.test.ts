import { describe, expect, it } from "vitest";
import { checkCompatibilityDate, DEFAULT_COMPATIBILITY_DATE, RPC_COMPATIBILITY_DATE } from "./compatibility.js";
import { parseConfig } from "./config.js";
import { BuildErrors } from "./errors.js";

const check = (file: string, text: string) => () => checkCompatibilityDate({ file, config: parseConfig(file, text), text });

function firstError(run: () => void) {
  try {
    run();
  } catch (error) {
    if (error instanceof BuildErrors) return error.errors[0]!;
  }
  throw new Error("expected BuildErrors");
}

describe("checkCompatibilityDate", () => {
  it("accepts no date (dorm sets its own), the first RPC date and later", () => {
    expect(check("wrangler.jsonc", `{ "name": "x" }`)).not.toThrow();
    expect(check("wrangler.jsonc", `{ "compatibility_date": "${RPC_COMPATIBILITY_DATE}" }`)).not.toThrow();
    expect(check("wrangler.toml", `compatibility_date = "${DEFAULT_COMPATIBILITY_DATE}"`)).not.toThrow();
  });

  it("refuses Cloudflare's chat demo's 2024-01-01 with the line and the setting to write, in the file's syntax", () => {
    const toml = firstError(check("wrangler.toml", `name = "edge-chat-demo"\ncompatibility_date = "2024-01-01"\n`));
    expect(toml.code).toBe("DORM_OLD_COMPATIBILITY_DATE");
    expect(toml.location).toEqual({ file: "wrangler.toml", line: 2 });
    expect(toml.message).toContain("before 2024-04-03");
    expect(toml.fix).toContain(`compatibility_date = "${DEFAULT_COMPATIBILITY_DATE}"`);

    const json = firstError(check("wrangler.jsonc", `{\n  "env": { "old": {\n    "compatibility_date": "2023-05-18"\n  } }\n}`));
    expect(json.message).toContain("(env.old)");
    expect(json.location?.line).toBe(3);
    expect(json.fix).toContain(`"compatibility_date": "${DEFAULT_COMPATIBILITY_DATE}"`);
  });

  it("refuses a date that is not YYYY-MM-DD", () => {
    expect(firstError(check("wrangler.jsonc", `{ "compatibility_date": "April 2024" }`)).code).toBe("DORM_BAD_CONFIG");
  });
});
