import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LanguageServer } from "../../scripts/lib/lsp.mjs";

// Hovering a method of a stub in an editor shows the parameters the definition gave it, by name
// and type, and the result. Checked with TypeScript's own language server (tsc --lsp --stdio,
// TypeScript 7's language service, the one editors use) over the type tests' app (built by
// npm test's pretest: .dorm/env.d.ts). TypeScript 7 shows no doc comment through a mapped type
// (not even Readonly<T>), so the stub's methods have none to check.
const root = fileURLToPath(new URL(".", import.meta.url));
const file = `${root}tests/editor.ts`;
let server: LanguageServer;
let text: string;

beforeAll(async () => {
  text = await readFile(file, "utf8");
  server = await LanguageServer.start(root);
  server.open(file, text);
});
afterAll(() => server?.stop());

const hoverOn = (after: string, word: string): Promise<string> => server.hoverOn(file, text, after, word);

describe("editor quick info", () => {
  it('durableObjects.room.get("a").post shows the parameters by name and type, and the result', async () => {
    const quickInfo = await hoverOn('durableObjects.room.get("a")', "post");
    expect(quickInfo).toContain("(property) post: (text: string, from: string) => Promise<number>");
  });

  it('env.ROOM.getByName("a").post shows the same parameters', async () => {
    const quickInfo = await hoverOn('env.ROOM.getByName("a")', "post");
    expect(quickInfo).toContain("(property) post: (text: string, from: string) => Promise<number>");
  });
});
