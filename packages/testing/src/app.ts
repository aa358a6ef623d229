import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildApp, buildTestBundle, miniflareOptions } from "@dorm/build";
import type { DurableObjects } from "dorm";
import { connect as connectClient, type ClientOptions, type DormClient } from "@dorm/client";
import { WebSocket as NodeWebSocket } from "undici";
import { Miniflare, type MiniflareOptions, type RequestInit as MiniflareRequestInit, type Response as MiniflareResponse } from "miniflare";
import { runAlarms, type AlarmRun } from "./alarms.js";
import { accessors, type AppObject, type Runtime, type TestAccessors } from "./objects.js";
import { bundleStackMapper } from "./remote-error.js";
import { TestSocket } from "./socket.js";

export interface TestAppOptions {
  /** The app's folder (where `app/objects/` is). */
  root: string;
  /**
   * Where storage persists. Default: a new temporary folder, deleted by `dispose()`. A folder you
   * give is kept, so a later `createTestApp` (or `dorm dev --root`, for `.wrangler/state/v3`)
   * sees the same data.
   */
  persist?: string;
  /**
   * Secrets and vars for this app, over its config's vars and `.dev.vars` (which is never
   * committed): a test passes made-up values here.
   *
   * @example
   * createTestApp({ root, bindings: { STAFF_KEY: "test-only-key" } })
   */
  bindings?: Record<string, string>;
  /**
   * Miniflare options laid over the app's own: an `outboundService` standing in for the upstream
   * services the app calls, say, so a test reaches nothing outside the machine.
   *
   * @example
   * createTestApp({ root, miniflare: { outboundService: (request) => new Response("ok") } });
   */
  miniflare?: Partial<MiniflareOptions>;
}

type FetchInput = string | URL | Request;

/**
 * A dorm app built and running in local workerd, for tests in Node (vitest, node:test...).
 * Storage always persists (see `persist`), so `restart()` finds everything the app wrote.
 */
export interface TestApp<O = DurableObjects> {
  readonly root: string;
  /** Where storage lives: the `persist` option, or the temporary folder made for this app. */
  readonly persistTo: string;
  /** The address the app listens on (for an HTTP or WebSocket client of your own). Changes on restart. */
  readonly url: URL;
  /** The app's objects, typed from their definitions: `app.durableObjects.counter.get("a").increment(2)`. */
  readonly durableObjects: TestAccessors<O>;
  /** A request to the app's worker; a path is resolved against `http://localhost`. */
  fetch(input: FetchInput, init?: RequestInit): Promise<Response>;
  /** The same as `fetch`, by miniflare's name. */
  dispatchFetch(input: FetchInput, init?: RequestInit): Promise<Response>;
  /** Open a WebSocket through the app's worker (an `Upgrade: websocket` request to `path`). */
  connect(path: string, init?: RequestInit): Promise<TestSocket>;
  /**
   * A `@dorm/client` connection to `path`, typed from the object's definition, exactly as a
   * browser would use it (Node's WebSocket is supplied). It follows the app across `restart()`
   * (reconnecting to the new address) and is closed by `dispose()`.
   *
   * @example
   * const alice = app.client<typeof Room>("/objects/room/lobby?name=alice");
   * await alice.ready();
   * const saved = await alice.call.post({ text: "hi" });
   */
  client<D = unknown>(path: string, options?: ClientOptions): DormClient<D>;
  /**
   * The accepted WebSocket behind `connect()`, with the standard `send`/`close`/`addEventListener`.
   * This is where a typed client (`@dorm/client`) plugs in.
   */
  openWebSocket(path: string, init?: RequestInit): Promise<TestSocket["raw"]>;
  /** Run every pending alarm and schedule of every object now, whatever their due time. */
  runAlarms(): Promise<AlarmRun[]>;
  /**
   * Stop workerd and start it again on the same storage: every object is evicted, in-memory
   * state is gone, what was persisted (state, storage, alarms) is there. Stubs from before keep
   * working; open sockets are closed.
   */
  restart(): Promise<void>;
  /** Stop workerd; remove the temporary storage folder if this app made it. */
  dispose(): Promise<void>;
  /** The running Miniflare, for anything else. Replaced by `restart()`. */
  readonly mf: Miniflare;
}

/**
 * Build the app with dorm (the same outputs as `dorm build`, plus a test variant of the bundle
 * kept out of dist/), and run it in local workerd. Dispose it when done.
 *
 * @example
 * const app = await createTestApp({ root: fileURLToPath(new URL("..", import.meta.url)) });
 * try {
 *   expect(await app.durableObjects.counter.get("a").increment(2)).toBe(2);
 *   await app.restart();
 *   expect(await app.durableObjects.counter.get("a").get()).toBe(2);
 * } finally {
 *   await app.dispose();
 * }
 */
export async function createTestApp<O = DurableObjects>(options: TestAppOptions): Promise<TestApp<O>> {
  const root = resolve(options.root);
  const { project } = await buildApp(root);
  const { bundle } = await buildTestBundle(root);
  const ownStorage = options.persist === undefined;
  const persistTo = options.persist === undefined ? await mkdtemp(join(tmpdir(), "dorm-test-")) : resolve(options.persist);
  const objects: AppObject[] = project.manifest.objects.map(({ accessor, binding, className }) => ({ accessor, binding, className }));
  let mfOptions: MiniflareOptions;
  try {
    // No outbound fetch of Request.cf from Cloudflare: tests must not depend on the network.
    mfOptions = { ...(await miniflareOptions(root, { persistTo, bundle, bindings: options.bindings })), cf: false, ...options.miniflare } as MiniflareOptions;
  } catch (error) {
    if (ownStorage) await rm(persistTo, { recursive: true, force: true });
    throw error;
  }
  const workerName = (mfOptions as { name?: string }).name ?? "";
  const stacks = bundleStackMapper(join(root, bundle), root);

  let mf!: Miniflare;
  let url!: URL;
  let runtime!: Runtime;
  let disposed = false;
  async function start(): Promise<void> {
    mf = new Miniflare(mfOptions);
    try {
      url = await mf.ready;
      const namespaces = new Map(await Promise.all(objects.map(async (o) => [o.binding, await mf.getDurableObjectNamespace(o.binding)] as const)));
      runtime = { namespace: (binding) => namespaces.get(binding)!, stacks };
    } catch (error) {
      await mf.dispose();
      throw error;
    }
  }
  try {
    await start();
  } catch (error) {
    if (ownStorage) await rm(persistTo, { recursive: true, force: true });
    throw error;
  }

  const live = (what: string) => {
    if (disposed) throw new Error(`app.${what}: the test app was disposed`);
  };
  const request = (input: FetchInput, init?: RequestInit): Promise<Response> => {
    live("fetch");
    const target = input instanceof Request ? input : new URL(String(input), "http://localhost");
    return mf.dispatchFetch(target as never, init as MiniflareRequestInit) as unknown as Promise<Response>;
  };
  async function openWebSocket(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    headers.set("Upgrade", "websocket");
    const response = (await request(path, { ...init, headers })) as unknown as MiniflareResponse;
    if (response.status !== 101 || !response.webSocket) {
      throw new Error(`connect ${path}: expected a WebSocket (101), got ${response.status}: ${(await response.text()).slice(0, 500)}`);
    }
    response.webSocket.accept();
    return response.webSocket;
  }

  const clients = new Set<{ close(): void }>();
  const app: TestApp<O> = {
    root,
    persistTo,
    get url() {
      return url;
    },
    get mf() {
      return mf;
    },
    durableObjects: accessors<O>(objects, () => {
      live("durableObjects");
      return runtime;
    }, root),
    fetch: request,
    dispatchFetch: request,
    openWebSocket,
    connect: async (path, init) => new TestSocket(await openWebSocket(path, init)),
    client<D>(path: string, options: ClientOptions = {}) {
      live("client");
      // A function: each reconnect reads the current address, which restart() changes.
      const target = () => new URL(path, url.href.replace(/^http/, "ws"));
      const client = connectClient<D>(target, { WebSocket: NodeWebSocket as never, ...options });
      clients.add(client);
      return client;
    },
    runAlarms: () => {
      live("runAlarms");
      return runAlarms(objects, runtime, persistTo, workerName);
    },
    async restart() {
      live("restart");
      await mf.dispose();
      await start();
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      for (const client of clients) client.close();
      await mf.dispose();
      if (ownStorage) await rm(persistTo, { recursive: true, force: true });
    },
  };
  return app;
}
