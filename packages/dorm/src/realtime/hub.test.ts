import { describe, expect, it } from "vitest";
import type { LiveConnection } from "./connection.js";
import { sendToAll } from "./hub.js";

/** Connections that record what they were sent; `closing` ones refuse, as a socket going away does. */
function connections(ids: string[], closing: string[] = []) {
  const received = new Map<string, string[]>(ids.map((id) => [id, []]));
  const list = ids.map((id) => ({ id, sendFrame: (text: string) => !closing.includes(id) && received.get(id)!.push(text) > 0 }) as unknown as LiveConnection);
  return { list, received };
}

describe("sendToAll", () => {
  it("skips every connection in except: one, an id, or a list of both", () => {
    const { list, received } = connections(["a", "b", "c", "d"]);
    expect(sendToAll(list, "1", list[0])).toBe(3);
    expect(sendToAll(list, "2", "b")).toBe(3);
    // A list excludes all of its entries, connections and ids alike, not only the first.
    expect(sendToAll(list, "3", [list[0]!, "c", list[1]!])).toBe(1);
    expect(sendToAll(list, "4", [])).toBe(4);
    expect(Object.fromEntries(received)).toEqual({ a: ["2", "4"], b: ["1", "4"], c: ["1", "2", "4"], d: ["1", "2", "3", "4"] });
  });

  it("counts only the connections that took the frame", () => {
    const { list } = connections(["a", "b", "c"], ["b"]);
    expect(sendToAll(list, "x", undefined)).toBe(2);
    expect(sendToAll(list, "x", ["c"])).toBe(1);
  });
});
