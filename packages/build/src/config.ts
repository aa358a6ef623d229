import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseJsonc, printParseErrorCode, type ParseError } from "jsonc-parser";
import { parse as parseToml, TomlError } from "smol-toml";
import { BuildError, type SourceLocation } from "./errors.js";

/** The app's own wrangler configuration, as parsed. dorm reads it and never rewrites it. */
export type WranglerConfig = Record<string, unknown>;

/** In wrangler's own order of preference. */
export const CONFIG_FILES = ["wrangler.json", "wrangler.jsonc", "wrangler.toml"] as const;

export interface UserConfig {
  /** The file it came from, relative to the app root; null when the app has none. */
  readonly file: string | null;
  readonly config: WranglerConfig;
  /** The file's text, to point messages at a line; absent when the app has no config. */
  readonly text?: string;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

/** Parse a wrangler config's text; errors name the file, line and column. Pure. */
export function parseConfig(file: string, text: string): WranglerConfig {
  if (file.endsWith(".toml")) {
    try {
      return parseToml(text) as WranglerConfig;
    } catch (error) {
      const e = error as TomlError;
      throw new BuildError("DORM_BAD_CONFIG", `${file} is not valid TOML: ${e.message.split("\n")[0]}`, "fix the TOML syntax.", {
        file,
        line: e.line,
        column: e.column,
      });
    }
  }
  const errors: ParseError[] = [];
  const value = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  const [first] = errors;
  if (first) {
    throw new BuildError("DORM_BAD_CONFIG", `${file} is not valid JSON: ${printParseErrorCode(first.error)}.`, "fix the JSON syntax (comments and trailing commas are allowed).", {
      file,
      ...lineAndColumn(text, first.offset),
    });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BuildError("DORM_BAD_CONFIG", `${file} must hold an object.`, 'write { "name": "my-app", "compatibility_date": "..." }.', { file });
  }
  return value as WranglerConfig;
}

/** Find and read the app's wrangler config, if it has one. */
export function readUserConfig(root: string): UserConfig {
  for (const file of CONFIG_FILES) {
    const path = join(root, file);
    if (existsSync(path)) {
      const text = readFileSync(path, "utf8");
      return { file, config: parseConfig(file, text), text };
    }
  }
  return { file: null, config: {} };
}

/**
 * Where a value is written in the config, for messages: the first line holding `key` followed by
 * `value` (`"compatibility_date": "2024-01-01"`, `name = "ROOMS"`). Undefined without a config file.
 */
export function locate(user: UserConfig, key: string, value?: string): SourceLocation | undefined {
  if (!user.file) return undefined;
  const quote = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`["']?${quote(key)}["']?\\s*[:=]\\s*${value === undefined ? "" : `["']${quote(value)}["']`}`);
  const lines = (user.text ?? "").split("\n");
  const index = lines.findIndex((line) => pattern.test(line));
  return index < 0 ? { file: user.file } : { file: user.file, line: index + 1 };
}
