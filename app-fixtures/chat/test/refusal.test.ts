import { describe, expect, it } from "vitest";
import { refusal } from "../app/page/refusal.js";

// What the chat page says when a room refuses it, for each answer of the room's access rule
// (app/access.ts). The browser test checks the same words on the page.
describe("the chat page's refusals", () => {
  it("tells a missing key, a wrong key and a server without STAFF_KEY apart", () => {
    const texts = [401, 403, 503].map((status) => refusal({ status, message: "the server's words" }));
    expect(new Set(texts).size).toBe(3);
    expect(texts[0]).toMatch(/^This is a staff room: it needs the staff key\./);
    expect(texts[1]).toMatch(/^That staff key does not open this room\./);
    expect(texts[2]).toMatch(/^Staff rooms are off: this server has no STAFF_KEY set/);
    // Not the key's fault: the text does not send the person to fix their key.
    expect(texts[2]).not.toMatch(/Check the key|Open the page with/);
  });

  it("passes on the server's words for any other status, and says nothing when the page closed the connection", () => {
    expect(refusal({ status: 429, message: "too many rooms" })).toBe("The room did not let you in: too many rooms.");
    expect(refusal({ status: 500 })).toBe("The room did not let you in (500).");
    expect(refusal({ byClient: true, code: 1000 })).toBe("");
    expect(refusal({ code: 1006, reason: "gone" })).toBe("The connection closed: gone. Join again to reconnect.");
    expect(refusal(undefined)).toBe("The connection closed. Join again to reconnect.");
  });
});
