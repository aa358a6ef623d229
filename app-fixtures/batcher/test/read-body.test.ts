import { describe, expect, it } from "vitest";
import { readBody } from "../app/read-body.js";

// The Batcher's body limit, in Node (whose Request is the same web API as workerd's): a body is
// read no further than the limit, whatever its Content-Length says or does not say.
const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://batcher.test/", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readBody", () => {
  it("gives the text of a body up to the limit, multi-byte characters across chunks included", async () => {
    expect(await readBody(post("abc"), 3)).toBe("abc");
    expect(await readBody(new Request("http://batcher.test/"), 3)).toBe("");
    const bytes = new TextEncoder().encode("é€😀");
    const split = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of bytes) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    expect(await readBody(post(split), bytes.length)).toBe("é€😀");
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(8));
      },
    });
    expect(await readBody(post(body, { "content-length": "9" }), 8)).toBeNull();
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("stops reading a body without Content-Length once it passes the limit: an endless body costs nothing", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024).fill(120));
      },
    });
    expect(await readBody(post(endless), 16 * 1024)).toBeNull();
    expect(pulled).toBeLessThanOrEqual(18);
  });
});
