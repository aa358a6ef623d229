import { BuildError } from "./errors.js";

/** The names one object file gives rise to. */
export interface ObjectNames {
  /** File stem as written: `chat-room`. Also the route segment in `/objects/chat-room/<name>`. */
  readonly route: string;
  /** `durableObjects.chatRoom` */
  readonly accessor: string;
  /** `env.CHAT_ROOM` */
  readonly binding: string;
  /** `export class ChatRoom` */
  readonly className: string;
}

const VALID_STEM = /^[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*$/;

/**
 * A binding name an app may choose (`env.ROOMS`, or partyserver's `env.Chat`): an identifier, so
 * that it can be written `env.NAME` and typed in `.dorm/env.d.ts`.
 */
export const BINDING_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `chat-room`, `chat_room`, `chatRoom`, `ChatRoom` → ["chat", "room"]. */
function words(stem: string): string[] {
  return stem
    .split(/[-_]/)
    .flatMap((part) => part.split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/))
    .map((word) => word.toLowerCase());
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * The naming rule, in one place: `chat-room.ts` → accessor `chatRoom`, binding `CHAT_ROOM`,
 * class `ChatRoom`. Throws a BuildError naming the file when the stem cannot be a name.
 */
export function objectNames(file: string): ObjectNames {
  const base = file.slice(file.lastIndexOf("/") + 1);
  const stem = base.replace(/\.ts$/, "");
  if (!VALID_STEM.test(stem)) {
    const suggestion = stem
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^[^A-Za-z]+/, "")
      .replace(/-+$/, "")
      .toLowerCase();
    throw new BuildError(
      "DORM_BAD_FILE_NAME",
      `"${base}" cannot name an object: a name starts with a letter and has only letters, digits and single "-" or "_" between words.`,
      suggestion ? `rename the file to "${suggestion}.ts".` : `rename the file, for example to "my-object.ts".`,
      { file },
    );
  }
  const parts = words(stem);
  const pascal = parts.map(capitalize).join("");
  return {
    route: stem,
    accessor: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    binding: parts.join("_").toUpperCase(),
    className: pascal,
  };
}
