import { locate, type UserConfig, type WranglerConfig } from "./config.js";
import { BuildError, BuildErrors } from "./errors.js";

/** Used when the app's config has no `compatibility_date`: the pinned workerd's own date. */
export const DEFAULT_COMPATIBILITY_DATE = "2026-04-26";

/**
 * The first date on which workerd calls a Durable Object's methods over JavaScript-native RPC,
 * which every generated class relies on. Before it, a stub has only `fetch`, and each method call
 * fails at run time (`increment is not a function`).
 */
export const RPC_COMPATIBILITY_DATE = "2024-04-03";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** How to write the date in this config file's syntax. */
function setting(file: string | null, date: string): string {
  return file?.endsWith(".toml") ? `compatibility_date = "${date}"` : `"compatibility_date": "${date}"`;
}

function check(user: UserConfig, section: WranglerConfig, where: string): BuildError | null {
  const date = section["compatibility_date"];
  if (date === undefined) return null;
  const file = user.file ?? "wrangler config";
  if (typeof date !== "string" || !DATE.test(date)) {
    return new BuildError(
      "DORM_BAD_CONFIG",
      `${file}${where}: compatibility_date must be a date written YYYY-MM-DD, got ${JSON.stringify(date)}.`,
      `write ${setting(user.file, DEFAULT_COMPATIBILITY_DATE)}.`,
      locate(user, "compatibility_date"),
    );
  }
  if (date >= RPC_COMPATIBILITY_DATE) return null;
  return new BuildError(
    "DORM_OLD_COMPATIBILITY_DATE",
    `${file}${where} sets compatibility_date ${date}, before ${RPC_COMPATIBILITY_DATE}: on older dates workerd has no RPC to Durable Objects, so every method of every object would fail when called.`,
    `set ${setting(user.file, DEFAULT_COMPATIBILITY_DATE)} (the date dorm is tested with; ${RPC_COMPATIBILITY_DATE} is the earliest that works). Read Cloudflare's compatibility-dates page for what changed in between.`,
    locate(user, "compatibility_date", date),
  );
}

/** Refuses a compatibility date (top level or any env) on which the generated classes cannot work. */
export function checkCompatibilityDate(user: UserConfig): void {
  const env = user.config["env"];
  const envs = env && typeof env === "object" ? Object.entries(env as Record<string, WranglerConfig>) : [];
  const errors = [check(user, user.config, ""), ...envs.map(([name, section]) => check(user, section, ` (env.${name})`))].filter((e) => e !== null);
  if (errors.length > 0) throw new BuildErrors(errors);
}
