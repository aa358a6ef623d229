import { groupDigits } from "../digits.js";
import { DormError } from "../errors.js";
import { MAX_NAME_BYTES } from "../limits.js";
import { utf8Length } from "../state/utf8.js";

/**
 * The rule for an object's name, checked where a name enters (`get`, `getByName`, `idFromName`,
 * the router): a string of at most MAX_NAME_BYTES bytes of UTF-8. A longer one would reach an
 * object whose `ctx.name` is its hex id, so a check such as `ctx.name.startsWith("staff-")`
 * would silently see something else.
 */
export function checkObjectName(name: unknown, where: string): string {
  if (typeof name !== "string") {
    throw new DormError("DORM_BAD_NAME", `${where}: an object's name is a string, got ${name === null ? "null" : typeof name}.`);
  }
  // Three bytes per UTF-16 unit is the most UTF-8 takes: most names need no counting.
  if (name.length * 3 > MAX_NAME_BYTES && utf8Length(name) > MAX_NAME_BYTES) {
    throw new DormError(
      "DORM_NAME_TOO_LONG",
      `${where}: an object's name is at most ${groupDigits(MAX_NAME_BYTES)} bytes (UTF-8); this one has ${groupDigits(utf8Length(name))}. Use a shorter name (a hash of the long one, say).`,
    );
  }
  return name;
}
