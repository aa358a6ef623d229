// A minimal Language Server Protocol client for TypeScript 7's own server (`tsc --lsp --stdio`),
// the same server editors talk to: JSON-RPC messages framed by Content-Length headers. Used by
// the editor test (test/types/editor.test.ts) and the type-check benchmark (scripts/bench/types.mjs).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

/** The native compiler of the installed `typescript` package (what `tsc` runs). */
async function compilerPath() {
  const pkg = createRequire(import.meta.url).resolve("typescript/package.json");
  // Not in the package's exports, so imported by file: the same lookup `tsc` itself does.
  const module = /** @type {{ default: () => string }} */ (await import(pathToFileURL(join(dirname(pkg), "lib/getExePath.js")).href));
  return module.default();
}

export class LanguageServer {
  /** @type {import("node:child_process").ChildProcessWithoutNullStreams} */
  #process;
  /** @type {Map<number, { resolve(value: unknown): void; reject(error: Error): void }>} */
  #pending = new Map();
  #buffer = Buffer.alloc(0);
  #nextId = 1;

  /** @param {import("node:child_process").ChildProcessWithoutNullStreams} child */
  constructor(child) {
    this.#process = child;
    child.stdout.on("data", (/** @type {Buffer} */ chunk) => this.#receive(chunk));
    child.on("exit", (code) => {
      for (const pending of this.#pending.values()) pending.reject(new Error(`the TypeScript language server exited (${code})`));
      this.#pending.clear();
    });
  }

  /**
   * Starts the server on a workspace folder and completes the initialize handshake.
   * @param {string} root
   * @returns {Promise<LanguageServer>}
   */
  static async start(root) {
    const server = new LanguageServer(spawn(await compilerPath(), ["--lsp", "--stdio"], { cwd: root, stdio: "pipe" }));
    await server.request("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: "app" }],
      capabilities: { textDocument: { hover: { contentFormat: ["markdown", "plaintext"] } } },
    });
    server.notify("initialized", {});
    return server;
  }

  /**
   * A request; `params` left out when there are none (the server refuses `null`).
   * @param {string} method
   * @param {unknown} [params]
   * @returns {Promise<unknown>}
   */
  request(method, params) {
    const id = this.#nextId++;
    /** @type {Promise<unknown>} */
    const reply = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.#write(params === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params });
    return reply;
  }

  /**
   * @param {string} method
   * @param {unknown} [params]
   */
  notify(method, params) {
    this.#write(params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params });
  }

  /**
   * Opens a document as an editor would.
   * @param {string} file
   * @param {string} text
   */
  open(file, text) {
    this.notify("textDocument/didOpen", { textDocument: { uri: pathToFileURL(file).href, languageId: "typescript", version: 1, text } });
  }

  /**
   * Replaces an open document's text, as an editor does on each keystroke.
   * @param {string} file
   * @param {string} text
   * @param {number} version
   */
  change(file, text, version) {
    this.notify("textDocument/didChange", { textDocument: { uri: pathToFileURL(file).href, version }, contentChanges: [{ text }] });
  }

  /**
   * The hover (quick info) text at a position, as the editor shows it.
   * @param {string} file
   * @param {number} line 0-based
   * @param {number} character 0-based
   * @returns {Promise<string>}
   */
  async hover(file, line, character) {
    const result = /** @type {{ contents?: { value?: string } | string } | null} */ (
      await this.request("textDocument/hover", { textDocument: { uri: pathToFileURL(file).href }, position: { line, character } })
    );
    const contents = result?.contents;
    return typeof contents === "string" ? contents : (contents?.value ?? "");
  }

  /**
   * The hover text on the first occurrence of `word` after `after` in `text` (the open file's).
   * @param {string} file
   * @param {string} text
   * @param {string} after
   * @param {string} word
   */
  hoverOn(file, text, after, word) {
    const offset = text.indexOf(word, text.indexOf(after)) + 1;
    const before = text.slice(0, offset).split("\n");
    return this.hover(file, before.length - 1, /** @type {string} */ (before[before.length - 1]).length);
  }

  async stop() {
    const exited = new Promise((resolve) => this.#process.once("exit", resolve));
    try {
      await this.request("shutdown");
      this.notify("exit");
    } finally {
      if (this.#process.exitCode === null) this.#process.kill();
    }
    await exited;
  }

  /** @param {unknown} message */
  #write(message) {
    const body = Buffer.from(JSON.stringify(message), "utf8");
    this.#process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.#process.stdin.write(body);
  }

  /** @param {Buffer} chunk */
  #receive(chunk) {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const end = this.#buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.#buffer.subarray(0, end).toString("ascii"))?.[1]);
      if (this.#buffer.length < end + 4 + length) return;
      const message = /** @type {{ id?: number; method?: string; result?: unknown; error?: { message: string } }} */ (
        JSON.parse(this.#buffer.subarray(end + 4, end + 4 + length).toString("utf8"))
      );
      this.#buffer = this.#buffer.subarray(end + 4 + length);
      if (message.method !== undefined && message.id !== undefined) {
        // A request from the server (configuration, progress): answer it, we support none.
        this.#write({ jsonrpc: "2.0", id: message.id, result: null });
      } else if (message.id !== undefined) {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.error) pending?.reject(new Error(message.error.message));
        else pending?.resolve(message.result);
      }
    }
  }
}
