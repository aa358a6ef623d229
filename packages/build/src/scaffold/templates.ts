import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** What `dorm new <template> <name>` can make, with the line `dorm new --help` shows. */
export const TEMPLATES = {
  counter: "a counter with increment, decrement and reset, over RPC",
  chat: "a chat room: typed messages, history, presence and typing over WebSockets",
  ratelimit: "a token-bucket rate limiter: one object per client key, O(1) storage per check",
  game: "a multiplayer game lobby: players join, take turns, and see each move live",
  collab: "a collaborative document: versioned edits, live to every editor, with conflict checks",
  lock: "a distributed lock: leases that expire on schedule, fencing tokens",
} as const;
export type TemplateName = keyof typeof TEMPLATES;

/** Packages a template's code imports besides dorm (a new app's package.json has them). */
export const TEMPLATE_NEEDS: Readonly<Partial<Record<TemplateName, readonly string[]>>> = {
  chat: ["valibot"],
  game: ["valibot"],
  collab: ["valibot"],
};

export const isTemplate = (name: string): name is TemplateName => Object.hasOwn(TEMPLATES, name);

/** The names a template's tokens (`__accessor__`…) stand for. */
export interface TemplateNames {
  /** `chat-room` (file stem, route) */
  readonly route: string;
  /** `chatRoom` */
  readonly accessor: string;
  /** `CHAT_ROOM` */
  readonly binding: string;
  /** `ChatRoom` */
  readonly className: string;
  /** The app's name (its folder), for package.json and wrangler.jsonc. */
  readonly app: string;
}

/** Fills in the tokens; they are identifiers, so template files stay readable TypeScript. Pure. */
export function render(text: string, names: TemplateNames): string {
  return text
    .replaceAll("__route__", names.route)
    .replaceAll("__accessor__", names.accessor)
    .replaceAll("__BINDING__", names.binding)
    .replaceAll("__Class__", names.className)
    .replaceAll("__app__", names.app);
}

/** `packages/build/templates`, found from the source (tests) or the bundle (the CLI). */
function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "templates", "app"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("dorm: the templates folder of @dorm/build is missing; reinstall @dorm/build");
    dir = parent;
  }
  return join(dir, "templates");
}

export function readTemplate(path: string): Promise<string> {
  return readFile(join(templatesDir(), path), "utf8");
}
