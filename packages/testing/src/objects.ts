import type { ObjectStub } from "dorm";
import type { TestResult } from "dorm/test-hooks";
import type { Miniflare } from "miniflare";
import { remoteError, type StackMapper } from "./remote-error.js";

/** The hook every class of a test build has (see dorm/test-hooks). */
export const TEST_HOOK = "__dormTest";

/** An object's id as Node tests see it: its hex string, and the name it was made from. */
export class TestObjectId {
  readonly hex: string;
  readonly name: string | undefined;
  constructor(hex: string, name?: string) {
    this.hex = hex;
    this.name = name;
  }

  toString(): string {
    return this.hex;
  }

  equals(other: TestObjectId): boolean {
    return other.hex === this.hex;
  }
}

/**
 * One object, from a Node test: its methods, typed from the definition, called over RPC (an
 * error thrown inside arrives with its own class, message and properties, as a worker would get
 * it, plus the object's stack), and `fetch` to its fetch handler.
 */
export type TestStub<D> = Omit<ObjectStub<D>, "id" | "name" | "fetch"> & {
  readonly id: TestObjectId;
  /** The name it is addressed by, when it was made from one. */
  readonly name: string | undefined;
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
};

/** How a Node test reaches the objects of one class (`app.durableObjects.counter`). */
export interface TestNamespace<D> {
  /** The object with this name (a string) or id. */
  get(nameOrId: string | TestObjectId): TestStub<D>;
  getByName(name: string): TestStub<D>;
  idFromName(name: string): TestObjectId;
  idFromString(hex: string): TestObjectId;
  newUniqueId(): TestObjectId;
  /** The binding, `COUNTER`. */
  readonly binding: string;
}

/** `app.durableObjects`: one namespace per object of the app, keyed like `durableObjects` in the worker. */
export type TestAccessors<O> = { readonly [K in keyof O]: TestNamespace<O[K]> };

type ProxyNamespace = Awaited<ReturnType<Miniflare["getDurableObjectNamespace"]>>;
type ProxyStub = ReturnType<ProxyNamespace["get"]> & Record<string, (...args: unknown[]) => Promise<unknown>>;

/** What the accessors need from the running app; it changes on every restart. */
export interface Runtime {
  /** The namespace proxy of a binding in the current miniflare. */
  namespace(binding: string): ProxyNamespace;
  readonly stacks: StackMapper;
}

/** One of the app's objects: accessor `counter`, binding `COUNTER`. */
export interface AppObject {
  readonly accessor: string;
  readonly binding: string;
  readonly className: string;
}

function stubFor(runtime: () => Runtime, binding: string, id: TestObjectId): TestStub<unknown> {
  // Per running miniflare, so a stub made before `restart()` keeps working after it.
  const proxies = new WeakMap<Runtime, ProxyStub>();
  const remote = (): ProxyStub => {
    const current = runtime();
    let proxy = proxies.get(current);
    if (!proxy) {
      const ns = current.namespace(binding);
      proxy = ns.get(id.name !== undefined ? ns.idFromName(id.name) : ns.idFromString(id.hex)) as ProxyStub;
      proxies.set(current, proxy);
    }
    return proxy;
  };
  const known: Record<string | symbol, unknown> = {
    id,
    name: id.name,
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      // A path is fine: the object's fetch handler sees it on the origin http://object.test.
      const target = input instanceof Request ? input : new URL(String(input), "http://object.test").href;
      return remote().fetch(target as never, init as never) as unknown as Promise<Response>;
    },
  };
  return new Proxy(known, {
    get(target, key) {
      if (key in target) return target[key];
      // Not a promise: `await stub` must give the stub, not call a method named "then".
      if (typeof key === "symbol" || key === "then") return undefined;
      return async (...args: unknown[]) => {
        const result = (await remote()[TEST_HOOK]!("call", key, args)) as TestResult;
        if (result.ok) return result.value;
        throw remoteError(result.error, runtime().stacks, `${binding} ${id.name !== undefined ? JSON.stringify(id.name) : id.hex}.${key}()`);
      };
    },
  }) as unknown as TestStub<unknown>;
}

function namespaceFor(runtime: () => Runtime, object: AppObject): TestNamespace<unknown> {
  const { binding } = object;
  const ns = () => runtime().namespace(binding);
  const stub = (id: TestObjectId) => stubFor(runtime, binding, id);
  const idFromName = (name: string) => {
    if (typeof name !== "string") throw new TypeError(`durableObjects.${object.accessor}.idFromName: expected a string, got ${typeof name}`);
    return new TestObjectId(ns().idFromName(name).toString(), name);
  };
  // A name always means the same object (ids derive from the class and the name, across restarts
  // too), so its stub is made once: every proxy round trip saved is test time saved.
  const byName = new Map<string, TestStub<unknown>>();
  const named = (name: string) => {
    let found = byName.get(name);
    if (!found) {
      found = stub(idFromName(name));
      byName.set(name, found);
    }
    return found;
  };
  return {
    binding,
    get: (nameOrId) => (typeof nameOrId === "string" ? named(nameOrId) : stub(nameOrId)),
    getByName: named,
    idFromName,
    idFromString: (hex) => new TestObjectId(ns().idFromString(hex).toString()),
    newUniqueId: () => new TestObjectId(ns().newUniqueId().toString()),
  };
}

/** The typed accessors of a running test app; unknown names get an error that lists the real ones. */
export function accessors<O>(objects: readonly AppObject[], runtime: () => Runtime, root: string): TestAccessors<O> {
  const namespaces = new Map(objects.map((o) => [o.accessor, namespaceFor(runtime, o)]));
  return new Proxy({} as TestAccessors<O>, {
    get(_, key) {
      if (typeof key !== "string" || key === "then") return undefined;
      const ns = namespaces.get(key);
      if (ns) return ns;
      const known = [...namespaces.keys()].join(", ") || "none";
      throw new Error(`durableObjects.${key}: the app in ${root} has no object "${key}" (objects: ${known}); add app/objects/${key}.ts.`);
    },
    has: (_, key) => typeof key === "string" && namespaces.has(key),
    ownKeys: () => [...namespaces.keys()],
    getOwnPropertyDescriptor: (_, key) => (typeof key === "string" && namespaces.has(key) ? { enumerable: true, configurable: true, value: namespaces.get(key) } : undefined),
  });
}
