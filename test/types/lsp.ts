// A minimal Language Server Protocol client for TypeScript 7's own server (`tsc --lsp --stdio`),
// the same server editors talk to: JSON-RPC messages framed by Content-Length headers.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** The native compiler of the installed `typescript` package (what `tsc` runs). */
async function compilerPath(): Promise<string> {
  const pkg = createRequire(import.meta.url).resolve("typescript/package.json");
  // Not in the package's exports, so imported by file: the same lookup `tsc` itself does.
  const { default: getExePath } = (await import(pathToFileURL(join(dirname(pkg), "lib/getExePath.js")).href)) as { default: () => string };
  return getExePath();
}

export class LanguageServer {
  readonly #process: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, Pending>();
  #buffer = Buffer.alloc(0);
  #nextId = 1;

  private constructor(process: ChildProcessWithoutNullStreams) {
    this.#process = process;
    process.stdout.on("data", (chunk: Buffer) => this.#receive(chunk));
    process.on("exit", (code) => {
      for (const pending of this.#pending.values()) pending.reject(new Error(`the TypeScript language server exited (${code})`));
      this.#pending.clear();
    });
  }

  /** Starts the server on a workspace folder and completes the initialize handshake. */
  static async start(root: string): Promise<LanguageServer> {
    const server = new LanguageServer(spawn(await compilerPath(), ["--lsp", "--stdio"], { cwd: root, stdio: "pipe" }));
    await server.request("initialize", {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: "types" }],
      capabilities: { textDocument: { hover: { contentFormat: ["markdown", "plaintext"] } } },
    });
    server.notify("initialized", {});
    return server;
  }

  /** A request; `params` left out when there are none (the server refuses `null`). */
  request(method: string, params?: unknown): Promise<unknown> {
    const id = this.#nextId++;
    const reply = new Promise((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.#write(params === undefined ? { jsonrpc: "2.0", id, method } : { jsonrpc: "2.0", id, method, params });
    return reply;
  }

  notify(method: string, params?: unknown): void {
    this.#write(params === undefined ? { jsonrpc: "2.0", method } : { jsonrpc: "2.0", method, params });
  }

  /** Opens a document as an editor would. */
  open(file: string, text: string): void {
    this.notify("textDocument/didOpen", { textDocument: { uri: pathToFileURL(file).href, languageId: "typescript", version: 1, text } });
  }

  /** The hover (quick info) text at a position, as the editor shows it. */
  async hover(file: string, line: number, character: number): Promise<string> {
    const result = (await this.request("textDocument/hover", { textDocument: { uri: pathToFileURL(file).href }, position: { line, character } })) as {
      contents?: { value?: string } | string;
    } | null;
    const contents = result?.contents;
    return typeof contents === "string" ? contents : (contents?.value ?? "");
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.#process.once("exit", resolve));
    try {
      await this.request("shutdown");
      this.notify("exit");
    } finally {
      if (this.#process.exitCode === null) this.#process.kill();
    }
    await exited;
  }

  #write(message: unknown): void {
    const body = Buffer.from(JSON.stringify(message), "utf8");
    this.#process.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.#process.stdin.write(body);
  }

  #receive(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const end = this.#buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.#buffer.subarray(0, end).toString("ascii"))?.[1]);
      if (this.#buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.#buffer.subarray(end + 4, end + 4 + length).toString("utf8")) as {
        id?: number;
        method?: string;
        result?: unknown;
        error?: { message: string };
      };
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
